import { ConditionalCheckFailedException, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import type { RunningVigil } from '#lib/local/start-vigil.ts';
import { localClients, tableOf } from './local.ts';
import { runConcurrently } from './stats.ts';

/**
 * The storage ceiling: raw conditional PutItem on the runtime's DynamoDB Local, 32 concurrent, in
 * op/s. Measured in the same run as the rate compared with it: the shared machine's speed drifts.
 */
export async function rawPutItemRate(vigil: RunningVigil): Promise<number> {
  const { dynamodb: client, eventBridge } = localClients(vigil);
  eventBridge.destroy();
  const table = tableOf(vigil, 'EventStoreDedup');
  const count = 2_000;
  const ms = await runConcurrently(count, 32, async (i) => {
    try {
      await client.send(
        new PutItemCommand({
          TableName: table,
          Item: {
            pk: { S: `bench#raw#${i}#${ulid()}` },
            expiresAt: { N: String(Math.floor(Date.now() / 1000) + 600) },
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  });
  client.destroy();
  return count / (ms / 1000);
}
