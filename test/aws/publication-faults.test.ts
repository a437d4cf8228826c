import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { ulid } from 'ulid';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDedupStore } from '../../lib/aws/dedup-store.ts';
import { historyKeyOf } from '../../lib/core/ingest/history-keys.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';
import { apiEvent, event, parseBody, testIngest } from '../support/ingest.ts';

let tables: TestTables;
const eventBridge = mockClient(EventBridgeClient);

beforeAll(async () => {
  tables = await createTestTables();
});

afterEach(() => {
  eventBridge.reset();
});

/** What really reached the bus: entries answered with an EventId, by envelope id. */
function busLedger() {
  const delivered: string[] = [];
  const deliver = (
    entries: PutEventsRequestEntry[],
    fail: (entry: PutEventsRequestEntry, i: number) => string | undefined,
  ) => {
    const results = entries.map((entry, i) => {
      const code = fail(entry, i);
      if (code) return { ErrorCode: code, ErrorMessage: `injected ${code}` };
      delivered.push(JSON.parse(entry.Detail ?? '{}').id);
      return { EventId: randomUUID() };
    });
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  };
  const timesDelivered = (id: string) => delivered.filter((d) => d === id).length;
  return { delivered, deliver, timesDelivered };
}

function throttling(): Error {
  return Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
    $metadata: { httpStatusCode: 400 },
    $retryable: { throttling: true },
  });
}

async function historyIds(): Promise<string[]> {
  const { Items } = await tables.client.send(
    new ScanCommand({ TableName: tables.history, ConsistentRead: true }),
  );
  return (Items ?? []).map((item) => String(item.id?.S));
}

function batchOf(n: number, tag: string) {
  return Array.from({ length: n }, (_, i) =>
    event({ id: ulid(), type: `fault.${tag}`, message: `${tag} ${i}` }),
  );
}

describe('Invariant: accepted means kept, under publication faults', () => {
  it('re-sends only the entries PutEvents reported failed, and publishes each event exactly once', async () => {
    // Prepare
    const ledger = busLedger();
    let call = 0;
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
      call++;
      return ledger.deliver(input.Entries, (_entry, i) =>
        call === 1 && (i === 1 || i === 3)
          ? 'InternalFailure'
          : call === 2 && i === 0
            ? 'ThrottlingException'
            : undefined,
      );
    });
    const events = batchOf(5, 'partial');

    // Act
    const response = await testIngest(tables).handler(apiEvent(JSON.stringify({ events })));

    // Assess
    expect(response.statusCode).toBe(202);
    expect(parseBody(response).counts.accepted).toBe(5);
    for (const e of events) expect(ledger.timesDelivered(String(e.id))).toBe(1);
    expect(call).toBe(3);
    expect(await historyIds()).toEqual(expect.arrayContaining(events.map((e) => e.id)));
  });

  it('retries a throttled PutEvents call with backoff and publishes once', async () => {
    // Prepare
    const ledger = busLedger();
    eventBridge
      .on(PutEventsCommand)
      .rejectsOnce(throttling())
      .rejectsOnce(throttling())
      .callsFake((input: { Entries: PutEventsRequestEntry[] }) =>
        ledger.deliver(input.Entries, () => undefined),
      );
    const events = batchOf(3, 'throttled');

    // Act
    const response = await testIngest(tables).handler(apiEvent(JSON.stringify({ events })));

    // Assess
    expect(response.statusCode).toBe(202);
    for (const e of events) expect(ledger.timesDelivered(String(e.id))).toBe(1);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(3);
  });

  it('answers 503 with Retry-After when the bus stays down, keeps nothing, and a retry with the same ids goes through once', async () => {
    // Prepare
    const ledger = busLedger();
    eventBridge.on(PutEventsCommand).rejects(throttling());
    const events = batchOf(4, 'outage');
    const { handler } = testIngest(tables);

    // Act
    const failed = await handler(apiEvent(JSON.stringify({ events })));
    eventBridge.reset();
    eventBridge
      .on(PutEventsCommand)
      .callsFake((input: { Entries: PutEventsRequestEntry[] }) =>
        ledger.deliver(input.Entries, () => undefined),
      );
    const retried = await handler(apiEvent(JSON.stringify({ events })));
    const again = await handler(apiEvent(JSON.stringify({ events })));

    // Assess
    expect(failed.statusCode).toBe(503);
    expect(failed.headers?.['retry-after']).toBe('2');
    const failedBody = parseBody(failed);
    expect(
      failedBody.results.every(
        (r: { status: string; error: { retryable: boolean } }) => r.status === 'failed' && r.error.retryable,
      ),
    ).toBe(true);
    expect(failedBody.results[0].error.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(retried.statusCode).toBe(202);
    expect(parseBody(retried).counts.accepted).toBe(4);
    expect(parseBody(again).counts.duplicate).toBe(4);
    for (const e of events) expect(ledger.timesDelivered(String(e.id))).toBe(1);
    const ids = await historyIds();
    for (const e of events) expect(ids.filter((id) => id === e.id)).toHaveLength(1);
  });

  it('does not retry an entry error PutEvents marks non-retryable, and reports that event failed', async () => {
    // Prepare
    const ledger = busLedger();
    eventBridge
      .on(PutEventsCommand)
      .callsFake((input: { Entries: PutEventsRequestEntry[] }) =>
        ledger.deliver(input.Entries, (_e, i) => (i === 0 ? 'MalformedDetail' : undefined)),
      );
    const events = batchOf(2, 'malformed');

    // Act
    const response = await testIngest(tables).handler(apiEvent(JSON.stringify({ events })));

    // Assess
    const body = parseBody(response);
    expect(response.statusCode).toBe(503);
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['failed', 'accepted']);
    expect(body.results[0].error.message).toContain('MalformedDetail');
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
    expect(await historyIds()).not.toContain(events[0]?.id);
  });

  it('answers 503 when the history write fails after publication, and the retry re-publishes and keeps it', async () => {
    // Prepare
    const ledger = busLedger();
    eventBridge
      .on(PutEventsCommand)
      .callsFake((input: { Entries: PutEventsRequestEntry[] }) =>
        ledger.deliver(input.Entries, () => undefined),
      );
    let failWrites = true;
    tables.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (failWrites && context.commandName === 'BatchWriteItemCommand') {
          throw Object.assign(new Error('injected'), {
            name: 'InternalServerError',
            $metadata: { httpStatusCode: 500 },
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'failHistoryWrites' },
    );
    const [single] = batchOf(1, 'history-down');
    const { handler } = testIngest(tables);

    // Act
    const failed = await handler(apiEvent(JSON.stringify(single)));
    failWrites = false;
    const retried = await handler(apiEvent(JSON.stringify(single)));
    tables.client.middlewareStack.remove('failHistoryWrites');

    // Assess
    expect(failed.statusCode).toBe(503);
    expect(parseBody(failed).error.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(retried.statusCode).toBe(202);
    expect(parseBody(retried).status).toBe('accepted');
    expect(ledger.timesDelivered(String(single?.id))).toBe(2); // at least once: the bus may see a retry twice
    expect((await historyIds()).filter((id) => id === single?.id)).toHaveLength(1);
  });
});

describe('Invariant: a claim left by a crashed invocation', () => {
  function staleClaim(id: string, dedupKey: string, leaseUntil: number) {
    const receivedAt = new Date().toISOString();
    return {
      source: 'sensor.a',
      dedupKey,
      id,
      token: randomUUID(),
      receivedAt,
      leaseUntil,
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
      historyKey: historyKeyOf({ id, receivedAt }, 16),
    };
  }

  it('is taken over by a retry once its lease ended, and the event is accepted', async () => {
    // Prepare
    const ledger = busLedger();
    eventBridge
      .on(PutEventsCommand)
      .callsFake((input: { Entries: PutEventsRequestEntry[] }) =>
        ledger.deliver(input.Entries, () => undefined),
      );
    const id = ulid();
    const store = new DynamoDedupStore({
      tableName: tables.dedup,
      client: tables.client,
      burstCountRetentionSeconds: 60,
    });
    await store.claim(staleClaim(id, id, Date.now() - 1), Date.now());

    // Act
    const response = await testIngest(tables).handler(apiEvent(JSON.stringify(event({ id }))));

    // Assess
    expect(response.statusCode).toBe(202);
    expect(parseBody(response)).toEqual({ id, status: 'accepted' });
    expect(ledger.timesDelivered(id)).toBe(1);
  });

  it('answers 503 IN_PROGRESS while a live claim never completes within the wait', async () => {
    // Prepare
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const id = ulid();
    const store = new DynamoDedupStore({
      tableName: tables.dedup,
      client: tables.client,
      burstCountRetentionSeconds: 60,
    });
    await store.claim(staleClaim(id, id, Date.now() + 60_000), Date.now());

    // Act
    const response = await testIngest(tables, { env: { CLAIM_WAIT_MS: '300' } }).handler(
      apiEvent(JSON.stringify(event({ id }))),
    );

    // Assess
    expect(response.statusCode).toBe(503);
    expect(parseBody(response).error).toMatchObject({ code: 'IN_PROGRESS', retryable: true });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});
