import middy from '@middy/core';
import type { EventBridgeEvent, SQSEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { announcementOutbox } from '#lib/aws/announcements.ts';
import { drainScheduler } from '#lib/aws/drain-queue.ts';
import { loadEnv } from '#lib/aws/env.ts';
import { createModuleService } from '#lib/aws/module-deps.ts';
import { createLogger, createMetrics, metricSink, powertools } from '#lib/aws/observability.ts';
import { DynamoDBClient } from '#lib/aws/sdk-dynamodb.ts';
import { EventBridgeClient } from '#lib/aws/sdk-eventbridge.ts';
import { SQSClient } from '#lib/aws/sdk-sqs.ts';
import { createStateDrainHandler } from '#lib/aws/state-drain-handler.ts';
import { stateEnvSchema } from '#lib/aws/state-env.ts';
import { createStateHandler } from '#lib/aws/state-handler.ts';
import { startTracing, traced } from '#lib/aws/tracing.ts';
import type { Envelope } from '#lib/core/envelope.ts';

// First: the clients made below are traced only once tracing has started.
const tracing = await startTracing('state');
const env = loadEnv(stateEnvSchema, process.env);
const logger = createLogger('state');
const metrics = createMetrics('state');
const dynamodb = traced(new DynamoDBClient({}));
const modules = createModuleService({
  tableName: env.MODULES_TABLE_NAME,
  busName: env.EVENT_BUS_NAME,
  reorderWindowMs: env.REORDER_WINDOW_MS,
  ...(env.DRAIN_QUEUE_URL
    ? { scheduleDrain: drainScheduler(traced(new SQSClient({})), env.DRAIN_QUEUE_URL) }
    : {}),
  dynamodb,
  eventBridge: traced(new EventBridgeClient({})),
  outbox: announcementOutbox(env.ANNOUNCEMENTS_TABLE_NAME, dynamodb),
  counters: metricSink(metrics),
  log: logger,
  newId: () => ulid(),
});
const onEvent = createStateHandler({ modules, log: logger, metrics: metricSink(metrics) });
const onDrain = createStateDrainHandler({ modules, log: logger, metrics: metricSink(metrics) });

/**
 * Target of the state rule (`state.<EVENT>` events, applied per module in order and priority), and
 * consumer of the drain queue (a module's inbox, drained when its head is due).
 */
export const handler = middy(async (event: EventBridgeEvent<string, Envelope> | SQSEvent) =>
  'Records' in event ? onDrain(event) : onEvent(event),
)
  .use(tracing.middleware)
  .use(powertools(logger, metrics));
