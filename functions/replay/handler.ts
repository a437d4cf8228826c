import middy from '@middy/core';
import { loadEnv } from '#lib/aws/env.ts';
import { httpErrors } from '#lib/aws/http-errors.ts';
import { createLogger, createMetrics, metricSink, powertools } from '#lib/aws/observability.ts';
import { createReplayDeps } from '#lib/aws/replay-deps.ts';
import { replayEnvSchema } from '#lib/aws/replay-env.ts';
import { createReplayHandler, isReplayHttpEvent } from '#lib/aws/replay-handler.ts';
import { startTracing } from '#lib/aws/tracing.ts';

// First: the clients made below are traced only once tracing has started.
const tracing = await startTracing('replay');
const env = loadEnv(replayEnvSchema, process.env);
const logger = createLogger('replay');
const metrics = createMetrics('replay');

/**
 * Replays history onto the bus: `POST /replay` and friends (IAM), a direct invocation with the same
 * JSON, and `{continueReplay: id}` (the function continuing itself).
 */
export const handler = middy(createReplayHandler(createReplayDeps(env, logger, metricSink(metrics))))
  .use(tracing.middleware)
  .use(powertools(logger, metrics))
  .use(httpErrors(logger, { when: isReplayHttpEvent }));
