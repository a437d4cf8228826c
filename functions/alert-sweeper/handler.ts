import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import { ulid } from 'ulid';
import { DynamoAlertStore } from '#lib/aws/alert-store.ts';
import { createAlertSweepHandler } from '#lib/aws/alert-sweeper.ts';
import { announcingPublisherFromEnv } from '#lib/aws/announcements.ts';
import {
  announcementCounters,
  createLogger,
  createMetrics,
  publishMetricsIfAny,
} from '#lib/aws/observability.ts';
import { startTracing, traced } from '#lib/aws/tracing.ts';
import { AlertService } from '#lib/core/alerts/service.ts';
import { alertSweeperEnvSchema, loadEnv } from '#lib/core/config.ts';
import { BUS_SOURCES } from '#lib/core/ingest/publication.ts';

// First: the clients made below are traced only once tracing has started.
const tracing = await startTracing('alert-sweeper');
const env = loadEnv(alertSweeperEnvSchema, process.env);
const logger = createLogger('alert-sweeper');
const metrics = createMetrics('alert-sweeper');
const dynamodb = traced(new DynamoDBClient({}));
const store = new DynamoAlertStore({ tableName: env.ALERTS_TABLE_NAME, client: dynamodb });

/** Target of the auto-resolve schedule: resolves open alerts quiet for longer than their resolveTimeout. */
export const handler = middy(
  createAlertSweepHandler({
    store,
    // The sweep resolves, it never opens: silences do not apply to it.
    alerts: new AlertService({ store, newId: () => ulid(), now: Date.now, isSilenced: async () => false }),
    publisher: announcingPublisherFromEnv(
      env,
      { dynamodb, counters: announcementCounters(metrics), log: logger },
      BUS_SOURCES.alerts,
    ),
    timeouts: env.RESOLVE_TIMEOUTS,
    log: logger,
    newId: () => ulid(),
    now: Date.now,
  }),
)
  .use(tracing.middleware)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetricsIfAny(metrics));
