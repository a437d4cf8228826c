import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { createAdminDeps } from '#lib/aws/admin-deps.ts';
import { createAdminHttpHandler } from '#lib/aws/admin-http.ts';
import { createLogger, createMetrics, metricSink } from '#lib/aws/observability.ts';
import { adminEnvSchema, loadEnv } from '#lib/core/config.ts';

const env = loadEnv(adminEnvSchema, process.env);
const logger = createLogger('admin');
const metrics = createMetrics('admin');
const deps = createAdminDeps(env, { counters: metricSink(metrics) }, logger);

/** The admin API behind IAM (SigV4) authorization: events, bursts, alerts, silences, modules, announcements. */
export const handler = middy(createAdminHttpHandler(deps, logger))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
