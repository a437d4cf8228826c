import middy from '@middy/core';
import { createAdminDeps } from '#lib/aws/admin-deps.ts';
import { adminEnvSchema } from '#lib/aws/admin-env.ts';
import { createAdminHttpHandler } from '#lib/aws/admin-http.ts';
import { loadEnv } from '#lib/aws/env.ts';
import { httpErrors } from '#lib/aws/http-errors.ts';
import { createLogger, createMetrics, metricSink, powertools } from '#lib/aws/observability.ts';
import { startTracing } from '#lib/aws/tracing.ts';

// First: the clients made below are traced only once tracing has started.
const tracing = await startTracing('admin');
const env = loadEnv(adminEnvSchema, process.env);
const logger = createLogger('admin');
const metrics = createMetrics('admin');
const deps = createAdminDeps(env, { counters: metricSink(metrics) }, logger);

/** The admin API behind IAM (SigV4) authorization: events, bursts, alerts, silences, modules, announcements. */
export const handler = middy(createAdminHttpHandler(deps))
  .use(tracing.middleware)
  .use(powertools(logger, metrics))
  .use(httpErrors(logger));
