import { ConditionalCheckFailedException, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import type { RunningVigil } from '#lib/local/start-vigil.ts';
import { localClients, tableOf } from './local.ts';
import { runConcurrently } from './stats.ts';

export const PASS_OPERATIONS = 2_000;
const MAX_PASSES = 6;

export interface Ceiling {
  /** op/s once DynamoDB Local is warm: the higher of the last two passes, which differ by < 10 %. */
  readonly rate: number;
  /** op/s of the first pass: on a fresh DynamoDB Local, the cold JVM's rate. */
  readonly firstPass: number;
  readonly passes: number;
}

/**
 * The storage ceiling: raw conditional PutItem on the runtime's DynamoDB Local, 32 concurrent, in
 * op/s, measured in the same run as the rate compared with it (the shared machine's speed drifts).
 * DynamoDB Local's JIT warms over its first few thousand requests (here from ~440 to ~1,300 op/s
 * over five passes of 2,000), so passes repeat until the rate stops rising: a ceiling measured on
 * a cold JVM would flatter every ratio against it.
 */
export async function storageCeiling(vigil: RunningVigil): Promise<Ceiling> {
  const firstPass = await rawPass(vigil);
  let previous = firstPass;
  for (let passes = 2; passes <= MAX_PASSES; passes++) {
    const rate = await rawPass(vigil);
    if (rate < previous * 1.1) return { rate: Math.max(rate, previous), firstPass, passes };
    previous = rate;
  }
  return { rate: previous, firstPass, passes: MAX_PASSES };
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
