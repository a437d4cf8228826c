import { ConditionalCheckFailedException, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import type { RunningVigil } from '#lib/local/start-vigil.ts';
import { localClients, tableOf } from './local.ts';
import { runConcurrently } from './stats.ts';
import { type WarmRate, warmRate } from './warm.ts';

export const PASS_OPERATIONS = 2_000;

/** op/s; the first pass is, on a fresh DynamoDB Local, the cold JVM's rate. */
export type Ceiling = WarmRate;

/**
 * The storage ceiling: raw conditional PutItem on the runtime's DynamoDB Local, 32 concurrent, in
 * op/s, measured in the same run as the rate compared with it (the shared machine's speed drifts).
 * DynamoDB Local's JIT warms over its first few thousand requests (here from ~440 to ~1,300 op/s
 * over five passes of 2,000), so it is measured in passes and kept once warm (warm.ts): a ceiling
 * measured on a cold JVM would flatter every ratio against it.
 */
export function storageCeiling(vigil: RunningVigil): Promise<Ceiling> {
  return warmRate(() => rawPass(vigil));
}

/** The warm ceiling's rate alone. */
export async function rawPutItemRate(vigil: RunningVigil): Promise<number> {
  return (await storageCeiling(vigil)).rate;
}

async function rawPass(vigil: RunningVigil): Promise<number> {
  const { dynamodb: client, eventBridge } = localClients(vigil);
  eventBridge.destroy();
  const table = tableOf(vigil, 'EventStoreDedup');
  const ms = await runConcurrently(PASS_OPERATIONS, 32, async (i) => {
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
  return PASS_OPERATIONS / (ms / 1000);
}
