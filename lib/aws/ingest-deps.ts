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
  const eventBridge = wiring.eventBridge ?? traced(new EventBridgeClient({}));
  const now = wiring.now ?? Date.now;
  return new IngestPipeline(
    {
      dedup: new DynamoDedupStore({
        tableName: env.DEDUP_TABLE_NAME,
        client: dynamodb,
        burstCountRetentionSeconds: env.HISTORY_RETENTION_SECONDS,
        now,
      }),
      history: historyWriterFromEnv(env, dynamodb, { now, ...(wiring.retry ? { retry: wiring.retry } : {}) }),
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
