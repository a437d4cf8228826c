import middy from '@middy/core';
import { authorizerEnvSchema } from '#lib/aws/authorizer-env.ts';
import { loadEnv } from '#lib/aws/env.ts';
import { createLogger, createMetrics, metricSink, powertools } from '#lib/aws/observability.ts';
import { countingAuthorizer, createProducerAuthorizer } from '#lib/aws/producer-authorizer.ts';
import { DynamoProducerKeyStore } from '#lib/aws/producer-key-store.ts';
import { DynamoDBClient } from '#lib/aws/sdk-dynamodb.ts';
import { startTracing, traced } from '#lib/aws/tracing.ts';

// First: the clients made below are traced only once tracing has started.
const tracing = await startTracing('authorizer');
const env = loadEnv(authorizerEnvSchema, process.env);
const logger = createLogger('authorizer');
const metrics = createMetrics('authorizer');
const keys = new DynamoProducerKeyStore({
  tableName: env.PRODUCER_KEYS_TABLE_NAME,
  client: traced(new DynamoDBClient({})),
});

/** Lambda REQUEST authorizer of `POST /events`: checks the producer key. */
export const handler = middy(
  countingAuthorizer(
    createProducerAuthorizer(keys, logger, {
      seconds: env.KEY_CACHE_SECONDS,
      maxEntries: env.KEY_CACHE_MAX_ENTRIES,
    }),
    metricSink(metrics),
  ),
)
  .use(tracing.middleware)
  .use(powertools(logger, metrics));
