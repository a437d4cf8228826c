import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestHttpEvent } from '#lib/aws/ingest-http.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#lib/local/local-account.ts';
import { createTestTables } from '#test/support/dynamodb.ts';
import { apiEvent, lambdaContext } from '#test/support/ingest.ts';

type Handler = (
  event: IngestHttpEvent,
  context: ReturnType<typeof lambdaContext>,
) => Promise<{ statusCode?: number; body?: string }>;

const eventBridge = mockClient(EventBridgeClient);
let handler: Handler;

/**
 * The deployed handler module itself (functions/ingest/handler.ts, with middy, Powertools and the
 * environment read at cold start), reaching the real DynamoDB Local through AWS_ENDPOINT_URL_DYNAMODB.
 */
beforeAll(async () => {
  const tables = await createTestTables();
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: tables.endpoint,
    HISTORY_TABLE_NAME: tables.history,
    DEDUP_TABLE_NAME: tables.dedup,
    EVENT_BUS_NAME: 'vigil-test',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => ({
    FailedEntryCount: 0,
    Entries: input.Entries.map(() => ({ EventId: randomUUID() })),
  }));
  ({ handler } = (await import('#functions/ingest/handler.ts')) as unknown as { handler: Handler });
});

afterAll(() => {
  eventBridge.restore();
});

function assertClientError(response: { statusCode?: number; body?: string }): void {
  expect(response.statusCode).toBeGreaterThanOrEqual(400);
  expect(response.statusCode).toBeLessThan(500);
  const body = JSON.parse(response.body ?? '');
  expect(typeof body.error.code).toBe('string');
  expect(typeof body.error.message).toBe('string');
}

describe('Function: functions/ingest handler', () => {
  it('accepts a valid event end to end through middy', async () => {
    // Act
    const response = await handler(
      apiEvent(JSON.stringify({ source: 'sensor.a', type: 'x' })),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(202);
    expect(JSON.parse(response.body ?? '').status).toBe('accepted');
  });

  it('answers random bytes with a 4xx error body, never a throw or a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), fc.boolean(), async (bytes, asBase64) => {
        const body = asBase64 ? Buffer.from(bytes).toString('base64') : Buffer.from(bytes).toString('latin1');
        const response = await handler(apiEvent(body, { base64: asBase64 }), lambdaContext());
        assertClientError(response);
      }),
      { numRuns: 150 },
    );
  });

  it('answers random JSON that is not a valid event with a 4xx error body, never a throw or a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        const response = await handler(apiEvent(JSON.stringify(value)), lambdaContext());
        assertClientError(response);
      }),
      { numRuns: 150 },
    );
  });

  it('answers random batches of near-valid events with per-event results, never a 5xx', async () => {
    // Events built from the real field names with arbitrary values: most are rejected, some accepted.
    const field = fc.record(
      {
        source: fc.oneof(fc.constant('sensor.a'), fc.string()),
        type: fc.oneof(fc.constant('t.x'), fc.string({ maxLength: 140 })),
        severity: fc.oneof(fc.constantFrom('INFO', 'WARNING', 'CRITICAL'), fc.jsonValue()),
        signal: fc.oneof(
          fc.record({
            valence: fc.double(),
            state: fc.array(fc.oneof(fc.double(), fc.string(), fc.array(fc.double())), { maxLength: 4 }),
          }),
          fc.jsonValue(),
        ),
        data: fc.jsonValue({ maxDepth: 2 }),
        time: fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.string(),
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(field, fc.jsonValue({ maxDepth: 2 })), { minLength: 1, maxLength: 20 }),
        async (events) => {
          const response = await handler(apiEvent(JSON.stringify({ events })), lambdaContext());
          expect([202, 207]).toContain(response.statusCode);
          const body = JSON.parse(response.body ?? '');
          expect(body.results).toHaveLength(events.length);
          for (const result of body.results) {
            if (result.status === 'rejected')
              expect(result.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
