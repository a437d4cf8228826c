import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { ulid } from 'ulid';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDedupStore } from '#lib/aws/dedup-store.ts';
import { historyKeyOf } from '#lib/core/ingest/history-keys.ts';
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

/**
 * Makes BatchWriteItem leave the items of `ids` unprocessed (they are never written). The history
 * writer sends attribute values (no document client), so an item's id is `id.S` here.
 */
function leaveUnprocessed(ids: () => ReadonlySet<string>, name = 'leaveUnprocessed') {
  tables.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'BatchWriteItemCommand' || ids().size === 0) return next(args);
      const input = args.input as {
        RequestItems: Record<string, { PutRequest: { Item: { id: { S: string } } } }[]>;
      };
      const held: typeof input.RequestItems = {};
      for (const [table, requests] of Object.entries(input.RequestItems)) {
        held[table] = requests.filter((r) => ids().has(r.PutRequest.Item.id.S));
        input.RequestItems[table] = requests.filter((r) => !ids().has(r.PutRequest.Item.id.S));
      }
      const writes = Object.values(input.RequestItems).some((requests) => requests.length > 0);
      const result = writes ? await next(args) : { output: { $metadata: {} }, response: {} };
      (result.output as { UnprocessedItems?: unknown }).UnprocessedItems = held;
      return result;
    },
    { step: 'serialize', name, priority: 'high' },
  );
  return () => tables.client.middlewareStack.remove(name);
}

describe('The ingest contract: failed means retry with the same id, and it converges', () => {
  function deliverAll(ledger: ReturnType<typeof busLedger>) {
    eventBridge
      .on(PutEventsCommand)
      .callsFake((input: { Entries: PutEventsRequestEntry[] }) =>
        ledger.deliver(input.Entries, () => undefined),
      );
  }

  it('refuses a second event with the same id under another dedupKey, and keeps the rest of the batch', async () => {
    // Prepare
    const ledger = busLedger();
    deliverAll(ledger);
    const id = ulid();
    const other = ulid();
    const events = [
      event({ id, dedupKey: `a-${id}` }),
      event({ id, dedupKey: `b-${id}` }),
      event({ id: other, type: 'unrelated' }),
    ];

    // Act
    const response = await testIngest(tables).handler(apiEvent(JSON.stringify({ events })));

    // Assess
    const body = parseBody(response);
    expect(response.statusCode).toBe(207);
    expect(body.results.map((r: { status: string }) => r.status)).toEqual([
      'accepted',
      'rejected',
      'accepted',
    ]);
    expect(body.results[1].error).toMatchObject({ code: 'DUPLICATE_ID_IN_BATCH', field: 'id' });
    expect(ledger.timesDelivered(id)).toBe(1);
    expect(ledger.timesDelivered(other)).toBe(1);
    const ids = await historyIds();
    expect(ids.filter((h) => h === id)).toHaveLength(1);
    expect(ids).toContain(other);
  });

  it('fails only the items BatchWriteItem left unprocessed, and their retry keeps each event once in history', async () => {
    // Prepare
    const ledger = busLedger();
    deliverAll(ledger);
    const events = batchOf(5, 'unprocessed');
    const stuck = new Set([String(events[1]?.id), String(events[3]?.id)]);
    let faulty = true;
    const heal = leaveUnprocessed(() => (faulty ? stuck : new Set()));
    const { handler } = testIngest(tables);

    // Act
    const first = await handler(apiEvent(JSON.stringify({ events })));
    faulty = false;
    const retry = await handler(apiEvent(JSON.stringify({ events })));
    heal();

    // Assess
    expect(first.statusCode).toBe(503);
    expect(parseBody(first).results.map((r: { status: string }) => r.status)).toEqual([
      'accepted',
      'failed',
      'accepted',
      'failed',
      'accepted',
    ]);
    expect(parseBody(retry).results.map((r: { status: string }) => r.status)).toEqual([
      'duplicate',
      'accepted',
      'duplicate',
      'accepted',
      'duplicate',
    ]);
    const ids = await historyIds();
    for (const e of events) expect(ids.filter((h) => h === e.id)).toHaveLength(1);
    for (const id of stuck) expect(ledger.timesDelivered(id)).toBe(2);
  });

  it('writes the same history key again when a history write was applied but its answer lost', async () => {
    // Prepare
    const ledger = busLedger();
    deliverAll(ledger);
    let loseAnswers = true;
    tables.client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (loseAnswers && context.commandName === 'BatchWriteItemCommand') {
          throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' });
        }
        return result;
      },
      { step: 'initialize', name: 'loseAnswers' },
    );
    const events = batchOf(3, 'lost-answer');
    const { handler } = testIngest(tables);

    // Act
    const first = await handler(apiEvent(JSON.stringify({ events })));
    loseAnswers = false;
    const retry = await handler(apiEvent(JSON.stringify({ events })));
    tables.client.middlewareStack.remove('loseAnswers');

    // Assess
    expect(parseBody(first).counts.failed).toBe(3);
    expect(parseBody(retry).counts.duplicate).toBe(3);
    const ids = await historyIds();
    for (const e of events) expect(ids.filter((h) => h === e.id)).toHaveLength(1);
  });

  it('gives a retry that carries another id the failed attempt’s id, so the bus never sees two ids for one event', async () => {
    // Prepare
    const ledger = busLedger();
    eventBridge.on(PutEventsCommand).rejects(throttling());
    const dedupKey = `order-${ulid()}`;
    const { handler } = testIngest(tables);
    const first = parseBody(await handler(apiEvent(JSON.stringify(event({ dedupKey }))))).id;
    eventBridge.reset();
    deliverAll(ledger);

    // Act
    const retry = await handler(apiEvent(JSON.stringify(event({ dedupKey }))));

    // Assess
    expect(parseBody(retry)).toEqual({ id: first, status: 'accepted' });
    expect(ledger.delivered).toEqual([first]);
    expect((await historyIds()).filter((h) => h === first)).toHaveLength(1);
  });

  it('never suppresses the retry of an event that was published before its history write failed', async () => {
    // Prepare
    const ledger = busLedger();
    deliverAll(ledger);
    const type = `burst-retry-${ulid()}`;
    const env = { BURST_THRESHOLD: '3' };
    const { handler } = testIngest(tables, { env });
    const [e1, e2, e3, e4, e5] = Array.from({ length: 5 }, () => event({ id: ulid(), type }));
    await handler(apiEvent(JSON.stringify({ events: [e1, e2] })));
    const stuck = new Set([String(e3?.id)]);
    let faulty = true;
    const heal = leaveUnprocessed(() => (faulty ? stuck : new Set()));
    const failed = await handler(apiEvent(JSON.stringify(e3)));
    faulty = false;
    const later = await handler(apiEvent(JSON.stringify({ events: [e4, e5] })));

    // Act
    const retry = await handler(apiEvent(JSON.stringify(e3)));
    heal();

    // Assess
    expect(parseBody(failed).error.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(parseBody(later).counts.suppressed).toBe(2);
    expect(parseBody(retry)).toEqual({ id: e3?.id, status: 'accepted' });
    expect((await historyIds()).filter((h) => h === e3?.id)).toHaveLength(1);
  });

  it('accepts a batch whose claims were written by a request whose answer was lost: the claims carry its tokens', async () => {
    // Prepare
    const ledger = busLedger();
    deliverAll(ledger);
    const events = batchOf(3, 'claims-answer-lost');
    tables.client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'BatchExecuteStatementCommand')
          throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
        return result;
      },
      { step: 'serialize', name: 'loseClaimAnswers', priority: 'high' },
    );

    // Act
    const response = await testIngest(tables).handler(apiEvent(JSON.stringify({ events })));
    tables.client.middlewareStack.remove('loseClaimAnswers');

    // Assess: each claim() finds its own claim (its token), so nothing waits or fails
    expect(response.statusCode).toBe(202);
    expect(parseBody(response).results.map((r: { status: string }) => r.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    for (const e of events) expect(ledger.timesDelivered(String(e.id))).toBe(1);
  });

  it('fails only the event whose dedup claim fails, and accepts the others of the batch', async () => {
    // Prepare
    const ledger = busLedger();
    deliverAll(ledger);
    const events = batchOf(3, 'claim-fault');
    const doomed = String(events[1]?.id);
    const injected = () =>
      Object.assign(new Error('injected'), {
        name: 'InternalServerError',
        $metadata: { httpStatusCode: 500 },
      });
    tables.client.middlewareStack.add(
      (next, context) => async (args) => {
        // The batch's claims go as INSERT statements: the doomed one's statement fails alone...
        if (context.commandName === 'BatchExecuteStatementCommand') {
          const input = args.input as { Statements: { Parameters: { S?: string }[] }[] };
          const doomedAt = input.Statements.findIndex((s) => s.Parameters.some((p) => p.S === doomed));
          if (doomedAt < 0) return next(args);
          input.Statements.splice(doomedAt, 1);
          const result = await next(args);
          const output = result.output as { Responses: unknown[] };
          output.Responses.splice(doomedAt, 0, {
            Error: { Code: 'InternalServerError', Message: 'injected' },
          });
          return result;
        }
        // ...and so does its one-by-one claim, sent as attribute values (no document client).
        const item = (args.input as { Item?: { id?: { S?: string } } }).Item;
        if (context.commandName === 'PutItemCommand' && item?.id?.S === doomed) throw injected();
        return next(args);
      },
      { step: 'serialize', name: 'failOneClaim', priority: 'high' },
    );

    // Act
    const response = await testIngest(tables).handler(apiEvent(JSON.stringify({ events })));
    tables.client.middlewareStack.remove('failOneClaim');

    // Assess
    const body = parseBody(response);
    expect(response.statusCode).toBe(503);
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'failed', 'accepted']);
    expect(body.results[1].error).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: true });
    expect(ledger.timesDelivered(doomed)).toBe(0);
  });
});
