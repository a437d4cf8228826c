import middy from '@middy/core';
import { createDispatchHandler } from '#lib/aws/dispatch-handler.ts';
import { loadEnv } from '#lib/aws/env.ts';
import { createLogger, createMetrics, metricSink, powertools } from '#lib/aws/observability.ts';
import { createDispatchDeps } from '#lib/aws/subscription-deps.ts';
import { subscriptionEnvSchema } from '#lib/aws/subscription-env.ts';
import { startTracing } from '#lib/aws/tracing.ts';

// First: the clients made below are traced only once tracing has started.
const tracing = await startTracing('dispatch');
const env = loadEnv(subscriptionEnvSchema, process.env);
const logger = createLogger('dispatch');
const metrics = createMetrics('dispatch');

/** An event the narrowed dispatch rule let through → the subscriptions it matches → one delivery-queue message each. */
export const handler = middy(createDispatchHandler(createDispatchDeps(env, logger, metricSink(metrics))))
  .use(tracing.middleware)
  .use(powertools(logger, metrics));
