import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import { ulid } from 'ulid';
import { DynamoAlertStore } from '#lib/aws/alert-store.ts';
import { createAlertingHandler } from '#lib/aws/alerting-handler.ts';
import { announcingPublisherFromEnv } from '#lib/aws/announcements.ts';
import {
  announcementCounters,
  createLogger,
  createMetrics,
  publishMetricsIfAny,
} from '#lib/aws/observability.ts';
import { DynamoSilenceStore } from '#lib/aws/silence-store.ts';
import { startTracing, traced } from '#lib/aws/tracing.ts';
import { AlertService } from '#lib/core/alerts/service.ts';
import { cachedSilences } from '#lib/core/alerts/silence-cache.ts';
import { silencesFor } from '#lib/core/alerts/silences.ts';
import { alertingEnvSchema, loadEnv } from '#lib/core/config.ts';
import { BUS_SOURCES } from '#lib/core/ingest/publication.ts';

// First: the clients made below are traced only once tracing has started.
const tracing = await startTracing('alerting');
const env = loadEnv(alertingEnvSchema, process.env);
const logger = createLogger('alerting');
const metrics = createMetrics('alerting');
const dynamodb = traced(new DynamoDBClient({}));
const silences = new DynamoSilenceStore({ tableName: env.ALERTS_TABLE_NAME, client: dynamodb });
// Read at most once per SILENCE_CACHE_SECONDS per environment, not once per event.
const currentSilences = cachedSilences(() => silences.list(), {
  ttlMs: env.SILENCE_CACHE_SECONDS * 1000,
  now: Date.now,
});
const alerts = new AlertService({
  store: new DynamoAlertStore({ tableName: env.ALERTS_TABLE_NAME, client: dynamodb }),
  newId: () => ulid(),
  now: Date.now,
  isSilenced: async (event) => silencesFor(await currentSilences(), event, Date.now()).length > 0,
});

/** Target of the alerting rule (WARNING/CRITICAL events, and producers' resolves). */
export const handler = middy(
  createAlertingHandler({
    alerts,
    publisher: announcingPublisherFromEnv(
      env,
      { dynamodb, counters: announcementCounters(metrics), log: logger },
      BUS_SOURCES.alerts,
    ),
    log: logger,
    newId: () => ulid(),
    now: Date.now,
  }),
)
  .use(tracing.middleware)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetricsIfAny(metrics));
