import { ulid } from 'ulid';
import { AlertService } from '#lib/core/alerts/service.ts';
import { cachedSilences } from '#lib/core/alerts/silence-cache.ts';
import { silencesFor } from '#lib/core/alerts/silences.ts';
import { BUS_SOURCES } from '#lib/core/bus-event.ts';
import type { Log } from '#lib/core/ingest/ports.ts';
import type { MetricName, MetricSink } from '#lib/core/metrics.ts';
import { DynamoAlertStore } from './alert-store.ts';
import type { AlertingEnv } from './alerting-env.ts';
import type { AlertingDeps } from './alerting-handler.ts';
import { announcingPublisherFromEnv } from './announcements.ts';
import { DynamoDBClient } from './sdk-dynamodb.ts';
import { DynamoSilenceStore } from './silence-store.ts';
import { traced } from './tracing.ts';

/** What the alert functions' factories are given: the logger, the metrics (announcements' counts too), a client for tests. */
export interface AlertWiring {
  readonly log: Log;
  readonly metrics: MetricSink<MetricName>;
  readonly dynamodb?: DynamoDBClient;
}

/** The alerting function on DynamoDB (alerts, silences) and the bus (as `vigil.alerts`); the client is injectable. */
export function createAlertingDeps(env: AlertingEnv, wiring: AlertWiring): AlertingDeps {
  const dynamodb = wiring.dynamodb ?? traced(new DynamoDBClient({}));
  const silences = new DynamoSilenceStore({ tableName: env.ALERTS_TABLE_NAME, client: dynamodb });
  // Read at most once per SILENCE_CACHE_SECONDS per environment, not once per event.
  const currentSilences = cachedSilences(() => silences.list(), {
    ttlMs: env.SILENCE_CACHE_SECONDS * 1000,
    now: Date.now,
  });
  const alerts = new AlertService({
    store: new DynamoAlertStore({ tableName: env.ALERTS_TABLE_NAME, client: dynamodb }),
    now: Date.now,
    isSilenced: async (event) => silencesFor(await currentSilences(), event, Date.now()).length > 0,
  });
  const { log, metrics } = wiring;
  return {
    alerts,
    publisher: announcingPublisherFromEnv(env, { dynamodb, counters: metrics, log }, BUS_SOURCES.alerts),
    log,
    metrics,
    newId: () => ulid(),
    now: Date.now,
  };
}
