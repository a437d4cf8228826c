import { ulid } from 'ulid';
import type * as z from 'zod/mini';
import { BUS_SOURCES } from '#lib/core/bus-event.ts';
import type { Log } from '../core/ingest/ports.ts';
import { ReplayRunner } from '../core/replay/runner.ts';
import { EventBridgePublisher } from './event-publisher.ts';
import { historyStoreFromEnv } from './history-store.ts';
import type { replayEnvSchema } from './replay-env.ts';
import type { ReplayHandlerDeps } from './replay-handler.ts';
import { DynamoReplayStore } from './replay-store.ts';
import { DynamoDBClient } from './sdk-dynamodb.ts';
import { EventBridgeClient } from './sdk-eventbridge.ts';
import { InvokeCommand, LambdaClient } from './sdk-lambda.ts';
import { traced } from './tracing.ts';

export interface ReplayClients {
  readonly dynamodb?: DynamoDBClient;
  readonly eventBridge?: EventBridgeClient;
  readonly lambda?: LambdaClient;
  readonly now?: () => number;
}

/** The replay function on DynamoDB, EventBridge (as `vigil.replay`) and Lambda (to continue itself). */
export function createReplayDeps(
  env: z.output<typeof replayEnvSchema>,
  log: Log,
  metrics: ReplayHandlerDeps['metrics'],
  clients: ReplayClients = {},
): ReplayHandlerDeps {
  const dynamodb = clients.dynamodb ?? traced(new DynamoDBClient({}));
  const lambda = clients.lambda ?? traced(new LambdaClient({}));
  const now = clients.now ?? Date.now;
  const store = new DynamoReplayStore({ tableName: env.REPLAYS_TABLE_NAME, client: dynamodb, now });
  const runner = new ReplayRunner({
    store,
    history: historyStoreFromEnv(env, dynamodb, { now }),
    publisher: new EventBridgePublisher({
      client: clients.eventBridge ?? traced(new EventBridgeClient({})),
      busName: env.EVENT_BUS_NAME,
      busSource: BUS_SOURCES.replay,
    }),
    where: { account: env.ACCOUNT_ID, region: env.AWS_REGION },
    now,
  });
  return {
    store,
    runner,
    newId: () => ulid(),
    now,
    retentionSeconds: env.HISTORY_RETENTION_SECONDS,
    log,
    metrics,
    continueLater: async (replayId, context) => {
      await lambda.send(
        new InvokeCommand({
          FunctionName: context.invokedFunctionArn,
          InvocationType: 'Event',
          Payload: new TextEncoder().encode(JSON.stringify({ continueReplay: replayId })),
        }),
      );
    },
  };
}
