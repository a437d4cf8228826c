import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createLogger } from '#lib/aws/observability.ts';
import { createReplayDeps } from '#lib/aws/replay-deps.ts';
import { createReplayHandler } from '#lib/aws/replay-handler.ts';
import { startTracing } from '#lib/aws/tracing.ts';
import { loadEnv, replayEnvSchema } from '#lib/core/config.ts';

// First: the clients made below are traced only once tracing has started.
const tracing = await startTracing('replay');
const env = loadEnv(replayEnvSchema, process.env);
const logger = createLogger('replay');

/**
 * Replays history onto the bus: `POST /replay` and friends (IAM), a direct invocation with the same
 * JSON, and `{continueReplay: id}` (the function continuing itself).
 */
export const handler = middy(createReplayHandler(createReplayDeps(env, logger)))
  .use(tracing.middleware)
  .use(injectLambdaContext(logger, { resetKeys: true }));
