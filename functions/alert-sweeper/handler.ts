import middy from '@middy/core';
import { createAlertSweepHandler } from '#lib/aws/alert-sweeper.ts';
import { createAlertSweeperDeps } from '#lib/aws/alert-sweeper-deps.ts';
import { alertSweeperEnvSchema } from '#lib/aws/alert-sweeper-env.ts';
import { loadEnv } from '#lib/aws/env.ts';
import { createLogger, createMetrics, metricSink, powertools } from '#lib/aws/observability.ts';
import { startTracing } from '#lib/aws/tracing.ts';

// First: the clients made below are traced only once tracing has started.
const tracing = await startTracing('alert-sweeper');
const env = loadEnv(alertSweeperEnvSchema, process.env);
const logger = createLogger('alert-sweeper');
const metrics = createMetrics('alert-sweeper');
const deps = createAlertSweeperDeps(env, { log: logger, metrics: metricSink(metrics) });

/** Target of the auto-resolve schedule: resolves open alerts quiet for longer than their resolveTimeout. */
export const handler = middy(createAlertSweepHandler(deps))
  .use(tracing.middleware)
  .use(powertools(logger, metrics));
