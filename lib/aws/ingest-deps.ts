import { IngestPipeline } from '../core/ingest/pipeline.ts';
import type { Counters, Log } from '../core/ingest/ports.ts';
import { DynamoDedupStore } from './dedup-store.ts';
import { EventBridgePublisher } from './event-publisher.ts';
import { historyWriterFromEnv } from './history-writer.ts';
import { ulidIdSource } from './ids.ts';
import type { IngestEnv } from './ingest-env.ts';
import { ingestSettingsOf } from './ingest-env.ts';
import type { RetryPolicy } from './retry.ts';
import { DynamoDBClient } from './sdk-dynamodb.ts';
import { EventBridgeClient } from './sdk-eventbridge.ts';
import { traced } from './tracing.ts';

export interface IngestWiring {
  readonly env: IngestEnv;
  readonly log: Log;
  readonly counters: Counters;
  readonly dynamodb?: DynamoDBClient;
  readonly eventBridge?: EventBridgeClient;
  readonly retry?: RetryPolicy;
  readonly now?: () => number;
}

/** The ingest pipeline on its DynamoDB and EventBridge adapters; clients are injectable for tests. */
export function createIngestPipeline(wiring: IngestWiring): IngestPipeline {
  const { env } = wiring;
  const dynamodb = wiring.dynamodb ?? traced(new DynamoDBClient({}));
  // Every accepted event's three requests (claim, PutEvents, history) resolve their middleware stack
  // once per command class instead of on every call (cacheMiddleware; the document client refuses
  // it, so the stores' other calls keep `dynamodb`). Nothing adds middleware after Init.
  const plainDynamodb = wiring.dynamodb ?? traced(new DynamoDBClient({ cacheMiddleware: true }));
  const eventBridge = wiring.eventBridge ?? traced(new EventBridgeClient({ cacheMiddleware: true }));
  const now = wiring.now ?? Date.now;
  return new IngestPipeline(
    {
      dedup: new DynamoDedupStore({
        tableName: env.DEDUP_TABLE_NAME,
        client: dynamodb,
        plainClient: plainDynamodb,
        burstCountRetentionSeconds: env.HISTORY_RETENTION_SECONDS,
        now,
      }),
      history: historyWriterFromEnv(env, dynamodb, {
        now,
        plainClient: plainDynamodb,
        ...(wiring.retry ? { retry: wiring.retry } : {}),
      }),
      publisher: new EventBridgePublisher({
        client: eventBridge,
        busName: env.EVENT_BUS_NAME,
        ...(wiring.retry ? { retry: wiring.retry } : {}),
      }),
      clock: { now },
      ids: ulidIdSource(),
      log: wiring.log,
      counters: wiring.counters,
    },
    ingestSettingsOf(env),
  );
}
