import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDedupStore } from '#lib/aws/dedup-store.ts';
import { DynamoHistoryStore } from '#lib/aws/history-store.ts';
import { burstWindowAt } from '#lib/core/ingest/burst.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';
import { apiEvent, event, parseBody, recordingBus, testIngest } from '../support/ingest.ts';

let tables: TestTables;

beforeAll(async () => {
  tables = await createTestTables();
});

async function historyItems(): Promise<Record<string, unknown>[]> {
  const { Items } = await tables.client.send(
    new ScanCommand({ TableName: tables.history, ConsistentRead: true }),
  );
  return (Items ?? []).map((item) => JSON.parse(item.body?.S ?? '{}'));
}

describe('Function: ingest over HTTP, against the real DynamoDB', () => {
  let bus: ReturnType<typeof recordingBus>;

  beforeEach(() => {
    bus = recordingBus();
    return () => bus.mock.restore();
  });

  it('accepts one event: 202, published once with the envelope as detail, kept in history', async () => {
    // Prepare
    const { handler } = testIngest(tables);
    const dedupKey = `single-${Date.now()}`;

    // Act
    const response = await handler(apiEvent(JSON.stringify(event({ dedupKey, severity: 'WARNING' }))));

    // Assess
    const body = parseBody(response);
    expect(response.statusCode).toBe(202);
    expect(body).toEqual({ id: expect.stringMatching(/^[0-9A-Z]{26}$/), status: 'accepted' });
    const published = bus.entries.filter((e) => JSON.parse(e.Detail ?? '{}').id === body.id);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      Source: 'vigil.ingest',
      DetailType: 'temperature.high',
      EventBusName: 'vigil-test',
    });
    const detail = JSON.parse(published[0]?.Detail ?? '{}');
    expect(detail).toMatchObject({ id: body.id, source: 'sensor.a', severity: 'WARNING', dedupKey });
    expect(detail.receivedAt).toBe(detail.time);
    expect((await historyItems()).filter((item) => item.id === body.id)).toEqual([detail]);
  });

  it('applies the ingest middleware before dedup: a dropped event is filtered and not kept, an enriched one is kept enriched', async () => {
    // Prepare
    const middleware = [
      { step: 'drop', match: { type: ['heartbeat'] } },
      { step: 'enrich', match: { source: ['sensor.a'] }, data: { site: 'plant7' }, tags: ['prod'] },
      { step: 'severity', match: { data: { temp: [{ numeric: ['>', 90] }] } }, set: 'CRITICAL' },
    ];
    const { handler, counters } = testIngest(tables, {
      env: { INGEST_MIDDLEWARE: JSON.stringify(middleware) },
    });
    const hot = event({ id: ulid(), data: { temp: 95 } });

    // Act
    const response = await handler(apiEvent(JSON.stringify({ events: [event({ type: 'heartbeat' }), hot] })));

    // Assess
    expect(response.statusCode).toBe(202);
    const body = parseBody(response);
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['filtered', 'accepted']);
    expect(body.counts).toMatchObject({ filtered: 1, accepted: 1 });
    expect(bus.envelopes().map((e) => e.type)).not.toContain('heartbeat');
    const [kept] = (await historyItems()).filter((item) => item.id === hot.id);
    expect(kept).toMatchObject({ severity: 'CRITICAL', data: { temp: 95, site: 'plant7', tags: ['prod'] } });
    expect(counters.totals.filtered).toBe(1);
  });

  it('answers a retry of the same event with duplicate and the original id, without publishing again', async () => {
    // Prepare
    const { handler } = testIngest(tables);
    const payload = JSON.stringify(event({ dedupKey: `retry-${Date.now()}` }));
    const first = parseBody(await handler(apiEvent(payload)));

    // Act
    const second = await handler(apiEvent(payload));

    // Assess
    expect(second.statusCode).toBe(202);
    expect(parseBody(second)).toEqual({ id: first.id, status: 'duplicate' });
    expect(bus.envelopes().filter((e) => e.id === first.id)).toHaveLength(1);
  });

  it('accepts exactly one of 50 concurrent requests with the same source+dedupKey', async () => {
    // Prepare
    const { handler } = testIngest(tables);
    const dedupKey = `race-${Date.now()}`;
    const payloads = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify(event({ dedupKey, message: `copy ${i}` })),
    );

    // Act
    const responses = await Promise.all(payloads.map((payload) => handler(apiEvent(payload))));

    // Assess
    const bodies = responses.map(parseBody);
    expect(responses.map((r) => r.statusCode)).toEqual(new Array(50).fill(202));
    const accepted = bodies.filter((b) => b.status === 'accepted');
    expect(accepted).toHaveLength(1);
    expect(bodies.filter((b) => b.status === 'duplicate')).toHaveLength(49);
    expect(new Set(bodies.map((b) => b.id))).toEqual(new Set([accepted[0]?.id]));
    expect((await historyItems()).filter((item) => item.dedupKey === dedupKey)).toHaveLength(1);
    expect(bus.envelopes().filter((e) => e.dedupKey === dedupKey)).toHaveLength(1);
  });

  it('suppresses a burst: 25 events over threshold 20 → 20 accepted, one summary, 5 suppressed, count 25', async () => {
    // Prepare
    const { handler, env } = testIngest(tables);
    const type = `burst.test.${Date.now()}`.replace('burst.', 'b.');
    const events = Array.from({ length: 25 }, (_, i) => event({ type, message: `n${i}` }));
    const nowMs = Date.now();

    // Act
    const response = await handler(apiEvent(JSON.stringify({ events })));

    // Assess
    const body = parseBody(response);
    expect(response.statusCode).toBe(202);
    expect(body.counts).toEqual({
      accepted: 20,
      duplicate: 0,
      suppressed: 5,
      filtered: 0,
      rejected: 0,
      failed: 0,
    });
    expect(body.results.slice(0, 20).every((r: { status: string }) => r.status === 'accepted')).toBe(true);
    expect(body.results.slice(20).every((r: { status: string }) => r.status === 'suppressed')).toBe(true);
    const summaries = bus.envelopes().filter((e) => e.type === 'burst.suppressed' && e.data?.type === type);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]?.data).toMatchObject({
      source: 'sensor.a',
      type,
      threshold: 20,
      windowSeconds: 60,
      count: 25,
    });
    expect(bus.envelopes().filter((e) => e.type === type)).toHaveLength(20);
    const store = new DynamoDedupStore({
      tableName: env.DEDUP_TABLE_NAME,
      client: tables.client,
      burstCountRetentionSeconds: 3600,
    });
    const window = burstWindowAt(nowMs, 60);
    const count = await store.getBurstCount({
      source: 'sensor.a',
      type,
      windowStart: window.start,
      windowSeconds: 60,
      threshold: 20,
    });
    // The batch may straddle a window edge only if the clock ticks over mid-test; both windows then sum to 25.
    const next = await store.getBurstCount({
      source: 'sensor.a',
      type,
      windowStart: window.end,
      windowSeconds: 60,
      threshold: 20,
    });
    expect(count + next).toBe(25);
  });

  it('counts a burst sent one by one the same way, and keeps suppressing after the summary', async () => {
    // Prepare
    const { handler } = testIngest(tables, {
      env: { BURST_OVERRIDES: JSON.stringify([{ type: 'one.by.one', threshold: 3, windowSeconds: 3600 }]) },
    });
    const source = 'fleet.one-by-one';

    // Act
    const statuses: string[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        parseBody(await handler(apiEvent(JSON.stringify(event({ source, type: 'one.by.one' }))))).status,
      );
    }

    // Assess
    expect(statuses).toEqual(['accepted', 'accepted', 'accepted', 'suppressed', 'suppressed', 'suppressed']);
    expect(bus.envelopes().filter((e) => e.type === 'burst.suppressed' && e.source === source)).toHaveLength(
      1,
    );
  });

  it('answers 207 for a batch with invalid items, naming each field, and still accepts the valid ones', async () => {
    // Prepare
    const { handler } = testIngest(tables);
    const events = [
      event({ message: 'ok 1' }),
      event({ signal: { valence: 1, state: [1, 'x'] } }),
      event({ source: 'not.mine' }),
      'not an object',
      event({ message: 'ok 2' }),
    ];

    // Act
    const response = await handler(apiEvent(JSON.stringify({ events })));

    // Assess
    const body = parseBody(response);
    expect(response.statusCode).toBe(207);
    expect(body.results.map((r: { status: string }) => r.status)).toEqual([
      'accepted',
      'rejected',
      'rejected',
      'rejected',
      'accepted',
    ]);
    expect(body.results[1].error).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'signal.state[1]',
      message: 'signal.state[1]: must be a finite number',
    });
    expect(body.results[2].error).toMatchObject({ code: 'SOURCE_NOT_ALLOWED', field: 'source' });
    expect(body.results[3].error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'must be a JSON object, got a string',
    });
  });

  it('answers 400 with the field and rule for one invalid event', async () => {
    // Act
    const response = await testIngest(tables).handler(apiEvent(JSON.stringify(event({ severity: 'LOUD' }))));

    // Assess
    expect(response.statusCode).toBe(400);
    expect(parseBody(response)).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        field: 'severity',
        message: 'severity: must be one of INFO, WARNING, CRITICAL, got "LOUD"',
      },
      id: null,
    });
  });

  it('answers 403 when the key does not own the source of one event', async () => {
    // Act
    const response = await testIngest(tables).handler(apiEvent(JSON.stringify(event({ source: 'billing' }))));

    // Assess
    expect(response.statusCode).toBe(403);
    expect(parseBody(response).error).toEqual({
      code: 'SOURCE_NOT_ALLOWED',
      field: 'source',
      message: "source: producer 'test-producer' may not publish as 'billing'",
    });
  });

  it('answers 401 when the request carries no producer identity', async () => {
    // Act
    const response = await testIngest(tables).handler(apiEvent(JSON.stringify(event()), { identity: null }));

    // Assess
    expect(response.statusCode).toBe(401);
    expect(parseBody(response).error.code).toBe('UNAUTHENTICATED');
  });

  it('answers 400 for a body that is not JSON', async () => {
    // Act
    const response = await testIngest(tables).handler(apiEvent('{"source":'));

    // Assess
    expect(response.statusCode).toBe(400);
    expect(parseBody(response).error).toMatchObject({
      code: 'MALFORMED_BODY',
      message: expect.stringMatching(/^body: must be valid JSON/),
    });
  });

  it('treats a repeated dedupKey inside one batch as a duplicate of the first', async () => {
    // Prepare
    const dedupKey = `in-batch-${Date.now()}`;

    // Act
    const response = await testIngest(tables).handler(
      apiEvent(JSON.stringify({ events: [event({ dedupKey }), event({ dedupKey })] })),
    );

    // Assess
    const [first, second] = parseBody(response).results;
    expect(first.status).toBe('accepted');
    expect(second).toEqual({ id: first.id, status: 'duplicate' });
  });

  it('writes two write units per accepted event (claim + history) and one burst update per batch', async () => {
    // Prepare
    const counted: { op: string; units: number }[] = [];
    let statementsWritten = 0;
    tables.client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { ReturnConsumedCapacity?: string };
        input.ReturnConsumedCapacity = 'TOTAL';
        const result = await next(args);
        const output = result.output as {
          ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
        };
        const capacity = [output.ConsumedCapacity ?? []].flat();
        const responses = (result.output as { Responses?: { Error?: unknown }[] }).Responses ?? [];
        statementsWritten += responses.filter((r) => r.Error === undefined).length;
        counted.push({
          op: String(context.commandName),
          units: capacity.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0),
        });
        return result;
      },
      { step: 'initialize', name: 'countCapacity' },
    );
    const events = Array.from({ length: 10 }, (_, i) =>
      event({ source: 'fleet.wcu', type: `wcu.${Date.now()}`, message: `m${i}` }),
    );

    // Act
    await testIngest(tables).handler(apiEvent(JSON.stringify({ events })));
    tables.client.middlewareStack.remove('countCapacity');

    // Assess
    const units = (op: string) => counted.filter((c) => c.op === op).reduce((sum, c) => sum + c.units, 0);
    expect(counted.filter((c) => c.op === 'UpdateItemCommand')).toHaveLength(1);
    // The ten claims as INSERT statements in one BatchExecuteStatement, the history in one BatchWriteItem.
    expect(counted.filter((c) => c.op === 'PutItemCommand')).toHaveLength(0);
    // DynamoDB Local reports no capacity for BatchExecuteStatement: AWS charges an INSERT as a PutItem.
    expect(counted.filter((c) => c.op === 'BatchExecuteStatementCommand')).toHaveLength(1);
    expect(statementsWritten).toBe(10);
    expect(units('BatchWriteItemCommand')).toBe(10);
  });
});

describe('Store: history reads hide expired items', () => {
  it('filters an item whose TTL passed but that DynamoDB has not deleted yet', async () => {
    // Prepare
    const bus = recordingBus();
    const { handler, env } = testIngest(tables);
    const response = parseBody(
      await handler(apiEvent(JSON.stringify(event({ dedupKey: `ttl-${Date.now()}` })))),
    );
    bus.mock.restore();
    const later = Date.now() + (env.HISTORY_RETENTION_SECONDS + 60) * 1000;
    const store = (now: number) =>
      new DynamoHistoryStore({
        tableName: tables.history,
        client: tables.client,
        shards: env.HISTORY_SHARDS,
        retentionSeconds: env.HISTORY_RETENTION_SECONDS,
        now: () => now,
      });
    const key = await historyKeyFor(response.id);

    // Act
    const now = await store(Date.now()).get(key);
    const afterExpiry = await store(later).get(key);
    const partitionNow = await store(Date.now()).readPartition(key.pk);
    const partitionLater = await store(later).readPartition(key.pk);

    // Assess
    expect(now?.id).toBe(response.id);
    expect(afterExpiry).toBeUndefined();
    expect(partitionNow.map((e) => e.id)).toContain(response.id);
    expect(partitionLater.map((e) => e.id)).not.toContain(response.id);
  });
});

async function historyKeyFor(id: string): Promise<{ pk: string; sk: string }> {
  const { Items } = await tables.client.send(
    new ScanCommand({
      TableName: tables.history,
      FilterExpression: 'id = :id',
      ExpressionAttributeValues: { ':id': { S: id } },
    }),
  );
  const item = Items?.[0];
  return { pk: item?.pk?.S ?? '', sk: item?.sk?.S ?? '' };
}
