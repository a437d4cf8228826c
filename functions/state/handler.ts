import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import middy from '@middy/core';
import { ulid } from 'ulid';
import { announcementOutbox } from '#lib/aws/announcements.ts';
import { createModuleService } from '#lib/aws/module-deps.ts';
import {
  announcementCounters,
  createLogger,
  createMetrics,
  publishMetricsIfAny,
} from '#lib/aws/observability.ts';
import { createStateHandler } from '#lib/aws/state-handler.ts';
import { startTracing, traced } from '#lib/aws/tracing.ts';
import { loadEnv, stateEnvSchema } from '#lib/core/config.ts';

// First: the clients made below are traced only once tracing has started.
const tracing = await startTracing('state');
const env = loadEnv(stateEnvSchema, process.env);
const logger = createLogger('state');
const metrics = createMetrics('state');
const dynamodb = traced(new DynamoDBClient({}));

/** Target of the state rule: `state.<EVENT>` events, applied per module in order and priority. */
export const handler = middy(
  createStateHandler({
    modules: createModuleService({
      tableName: env.MODULES_TABLE_NAME,
      busName: env.EVENT_BUS_NAME,
      reorderWindowMs: env.REORDER_WINDOW_MS,
      dynamodb,
      eventBridge: traced(new EventBridgeClient({})),
      outbox: announcementOutbox(env.ANNOUNCEMENTS_TABLE_NAME, dynamodb),
      counters: announcementCounters(metrics),
      log: logger,
      newId: () => ulid(),
    }),
    log: logger,
  }),
)
  .use(tracing.middleware)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetricsIfAny(metrics));
