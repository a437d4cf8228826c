import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createAdminDeps } from '#lib/aws/admin-deps.ts';
import { createAdminHttpHandler } from '#lib/aws/admin-http.ts';
import {
  announcementCounters,
  createLogger,
  createMetrics,
  publishMetricsIfAny,
} from '#lib/aws/observability.ts';
import { startTracing } from '#lib/aws/tracing.ts';
import { adminEnvSchema, loadEnv } from '#lib/core/config.ts';

// First: the clients made below are traced only once tracing has started.
const tracing = await startTracing('admin');
const env = loadEnv(adminEnvSchema, process.env);
const logger = createLogger('admin');
const metrics = createMetrics('admin');
const deps = createAdminDeps(env, { counters: announcementCounters(metrics) }, logger);

/** The admin API behind IAM (SigV4) authorization: events, bursts, alerts, silences, modules, announcements. */
export const handler = middy(createAdminHttpHandler(deps, logger))
  .use(tracing.middleware)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetricsIfAny(metrics));
