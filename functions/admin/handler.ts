import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createAdminDeps } from '#lib/aws/admin-deps.ts';
import { adminEnvSchema } from '#lib/aws/admin-env.ts';
import { createAdminHttpHandler } from '#lib/aws/admin-http.ts';
import { loadEnv } from '#lib/aws/env.ts';
import { httpErrors } from '#lib/aws/http-errors.ts';
import {
  announcementCounters,
  createLogger,
  createMetrics,
  publishMetricsIfAny,
} from '#lib/aws/observability.ts';

const env = loadEnv(adminEnvSchema, process.env);
const logger = createLogger('admin');
const metrics = createMetrics('admin');
const deps = createAdminDeps(env, { counters: announcementCounters(metrics) }, logger);

/** The admin API behind IAM (SigV4) authorization: events, bursts, alerts, silences, modules, announcements. */
export const handler = middy(createAdminHttpHandler(deps))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetricsIfAny(metrics))
  .use(httpErrors(logger));
