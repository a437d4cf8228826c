import middy from '@middy/core';
import { loadEnv } from '#lib/aws/env.ts';
import { httpErrors } from '#lib/aws/http-errors.ts';
import { createIngestPipeline } from '#lib/aws/ingest-deps.ts';
import { ingestEnvSchema } from '#lib/aws/ingest-env.ts';
import { createIngestHttpHandler } from '#lib/aws/ingest-http.ts';
import { createLogger, createMetrics, metricSink, powertools } from '#lib/aws/observability.ts';
import { startTracing } from '#lib/aws/tracing.ts';

// First: the clients made below are traced only once tracing has started.
const tracing = await startTracing('ingest');
const env = loadEnv(ingestEnvSchema, process.env);
const logger = createLogger('ingest');
const metrics = createMetrics('ingest');
const pipeline = createIngestPipeline({ env, log: logger, counters: metricSink(metrics) });

/** `POST /events` behind the producer-key authorizer. */
export const handler = middy(createIngestHttpHandler(pipeline))
  .use(tracing.middleware)
  .use(powertools(logger, metrics))
  .use(httpErrors(logger));
