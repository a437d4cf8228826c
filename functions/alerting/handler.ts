import middy from '@middy/core';
import { createAlertingDeps } from '#lib/aws/alerting-deps.ts';
import { alertingEnvSchema } from '#lib/aws/alerting-env.ts';
import { createAlertingHandler } from '#lib/aws/alerting-handler.ts';
import { loadEnv } from '#lib/aws/env.ts';
import { createLogger, createMetrics, metricSink, powertools } from '#lib/aws/observability.ts';
import { startTracing } from '#lib/aws/tracing.ts';

// First: the clients made below are traced only once tracing has started.
const tracing = await startTracing('alerting');
const env = loadEnv(alertingEnvSchema, process.env);
const logger = createLogger('alerting');
const metrics = createMetrics('alerting');
const deps = createAlertingDeps(env, { log: logger, metrics: metricSink(metrics) });

/** Target of the alerting rule (WARNING/CRITICAL events, and producers' resolves). */
export const handler = middy(createAlertingHandler(deps))
  .use(tracing.middleware)
  .use(powertools(logger, metrics));
