import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { createDeliverHandler } from '#lib/aws/deliver-handler.ts';
import { loadEnv } from '#lib/aws/env.ts';
import { createLogger, createMetrics, metricSink } from '#lib/aws/observability.ts';
import { createDeliverDeps } from '#lib/aws/subscription-deps.ts';
import { subscriptionEnvSchema } from '#lib/aws/subscription-env.ts';

const env = loadEnv(subscriptionEnvSchema, process.env);
const logger = createLogger('deliver');
const metrics = createMetrics('deliver');

/** One attempt per delivery-queue message: sign, POST, record; retries re-enqueued with their delay. */
export const handler = middy(createDeliverHandler(createDeliverDeps(env, logger, metricSink(metrics))))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
