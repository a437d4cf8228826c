import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { Context } from 'aws-lambda';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { loadEnv } from '#lib/aws/env.ts';
import { createIngestPipeline } from '#lib/aws/ingest-deps.ts';
import { ingestEnvSchema } from '#lib/aws/ingest-env.ts';
import { createIngestHttpHandler, type IngestHttpEvent } from '#lib/aws/ingest-http.ts';
import type { RetryPolicy } from '#lib/aws/retry.ts';
import type { Envelope } from '#lib/core/envelope.ts';
import type { Counters, IngestMetric, Log } from '#lib/core/ingest/ports.ts';
import type { ProducerIdentity } from '#lib/core/producer-keys.ts';
import { identityToContext } from '#lib/core/producer-keys.ts';
import type { TestTables } from './dynamodb.ts';
import { answeringErrors } from './http.ts';
import { countingSink } from './metrics.ts';

export const PRODUCER: ProducerIdentity = {
  producer: 'test-producer',
  sources: ['sensor.a', 'sensor.b', 'fleet.*'],
};

/** An API Gateway payload-2.0 event for `POST /events`, as the local runtime and the cloud send it. */
export function apiEvent(
  body: string | undefined,
  options: { identity?: ProducerIdentity | null; base64?: boolean } = {},
): IngestHttpEvent {
  const identity = options.identity === undefined ? PRODUCER : options.identity;
  return {
    version: '2.0',
    routeKey: 'POST /events',
    rawPath: '/events',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: options.base64 ?? false,
    ...(body === undefined ? {} : { body }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: 'POST',
        path: '/events',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'vitest',
      },
      requestId: randomUUID(),
      routeKey: 'POST /events',
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      authorizer: identity ? { lambda: identityToContext(identity) } : undefined,
    },
  } as IngestHttpEvent;
}

export function lambdaContext(functionName = 'ingest'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly extra: Record<string, unknown>;
}

export function captureLog(): Log & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: string) =>
    (message: string, ...extra: Record<string, unknown>[]) =>
      lines.push({ level, message, extra: Object.assign({}, ...extra) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function countingCounters(): Counters & { totals: Partial<Record<IngestMetric, number>> } {
  return countingSink<IngestMetric>();
}

/**
 * The EventBridge client stubbed so that it records what would reach the bus. Only EventBridge is
 * stubbed (the local bus arrives with the local runtime); DynamoDB is always the real server.
 */
export function recordingBus(): {
  mock: AwsClientStub<EventBridgeClient>;
  entries: PutEventsRequestEntry[];
  envelopes: () => Envelope[];
} {
  const mock = mockClient(EventBridgeClient);
  const entries: PutEventsRequestEntry[] = [];
  mock.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
    entries.push(...input.Entries);
    return { FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: randomUUID() })) };
  });
  return {
    mock,
    entries,
    envelopes: () => entries.map((entry) => JSON.parse(entry.Detail ?? '{}') as Envelope),
  };
}

/** Retries without waiting: the backoff is injected, so tests never sleep between attempts. */
export const FAST_RETRY: RetryPolicy = { retries: 4, minDelayMs: 1, maxDelayMs: 5, sleep: async () => {} };

export function testEnv(tables: TestTables, overrides: Record<string, string> = {}) {
  return loadEnv(ingestEnvSchema, {
    HISTORY_TABLE_NAME: tables.history,
    DEDUP_TABLE_NAME: tables.dedup,
    EVENT_BUS_NAME: 'vigil-test',
    ...overrides,
  });
}

/** The ingest HTTP handler on the real DynamoDB tables, with a capturing log and counters. */
export function testIngest(
  tables: TestTables,
  options: { env?: Record<string, string>; now?: () => number; retry?: RetryPolicy } = {},
) {
  const log = captureLog();
  const counters = countingCounters();
  const env = testEnv(tables, options.env);
  const pipeline = createIngestPipeline({
    env,
    log,
    counters,
    dynamodb: tables.client,
    eventBridge: new EventBridgeClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    }),
    retry: options.retry ?? FAST_RETRY,
    ...(options.now ? { now: options.now } : {}),
  });
  return { handler: answeringErrors(createIngestHttpHandler(pipeline), log), pipeline, log, counters, env };
}

export function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { source: 'sensor.a', type: 'temperature.high', message: 'hot', ...overrides };
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field in tests
export function parseBody(response: { body?: string }): Record<string, any> {
  return JSON.parse(response.body ?? 'null');
}
