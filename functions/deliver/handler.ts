import middy from '@middy/core';
import { createDeliverHandler } from '#lib/aws/deliver-handler.ts';
import { loadEnv } from '#lib/aws/env.ts';
import { createLogger, createMetrics, metricSink, powertools } from '#lib/aws/observability.ts';
import { createDeliverDeps } from '#lib/aws/subscription-deps.ts';
import { subscriptionEnvSchema } from '#lib/aws/subscription-env.ts';
import { startTracing } from '#lib/aws/tracing.ts';

// First: the clients made below are traced only once tracing has started.
const tracing = await startTracing('deliver');
const env = loadEnv(subscriptionEnvSchema, process.env);
const logger = createLogger('deliver');
const metrics = createMetrics('deliver');

/** One attempt per delivery-queue message: sign, POST, record; retries re-enqueued with their delay. */
export const handler = middy(createDeliverHandler(createDeliverDeps(env, logger, metricSink(metrics))))
  .use(tracing.middleware)
  .use(powertools(logger, metrics));
