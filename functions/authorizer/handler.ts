import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import { createLogger } from '#lib/aws/observability.ts';
import { createProducerAuthorizer } from '#lib/aws/producer-authorizer.ts';
import { DynamoProducerKeyStore } from '#lib/aws/producer-key-store.ts';
import { startTracing, traced } from '#lib/aws/tracing.ts';
import { authorizerEnvSchema, loadEnv } from '#lib/core/config.ts';

// First: the clients made below are traced only once tracing has started.
const tracing = await startTracing('authorizer');
const env = loadEnv(authorizerEnvSchema, process.env);
const logger = createLogger('authorizer');
const keys = new DynamoProducerKeyStore({
  tableName: env.PRODUCER_KEYS_TABLE_NAME,
  client: traced(new DynamoDBClient({})),
});

/** Lambda REQUEST authorizer of `POST /events`: checks the producer key. */
export const handler = middy(
  createProducerAuthorizer(keys, logger, {
    seconds: env.KEY_CACHE_SECONDS,
    maxEntries: env.KEY_CACHE_MAX_ENTRIES,
  }),
)
  .use(tracing.middleware)
  .use(injectLambdaContext(logger, { resetKeys: true }));
