import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminDepsFor, adminEvent, adminHttpHandler } from '../support/admin.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';
import { apiEvent, event, parseBody, recordingBus, testIngest } from '../support/ingest.ts';

let tables: TestTables;

beforeAll(async () => {
  tables = await createTestTables();
});

function call(routeKey: string, query?: Record<string, string>, id?: string) {
  const request = adminEvent(routeKey, query);
  return adminHttpHandler(adminDepsFor(tables))({
    ...request,
    ...(id === undefined ? {} : { pathParameters: { id } }),
  });
}

describe('Function: admin GET /events, against the real DynamoDB', () => {
  let bus: ReturnType<typeof recordingBus>;

  beforeEach(() => {
    bus = recordingBus();
    return () => bus.mock.restore();
  });

  it('pages through what ingest accepted, newest first by default, and shows one event by id', async () => {
    // Prepare
    const source = `fleet.hist${ulid()}`;
    const ingest = testIngest(tables);
    const batch = Array.from({ length: 7 }, (_, i) =>
      event({ source, type: `t${i % 2}`, severity: i % 3 === 0 ? 'WARNING' : 'INFO' }),
    );
    const accepted = parseBody(await ingest.handler(apiEvent(JSON.stringify({ events: batch }))));
    const ids: string[] = accepted.results.map((r: { id: string }) => r.id);

    // Act
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const response = await call('GET /events', { source, limit: '3', ...(cursor ? { cursor } : {}) });
      expect(response.statusCode).toBe(200);
      const body = parseBody(response);
      pages.push(body.events.map((e: { id: string }) => e.id));
      cursor = body.cursor;
    } while (cursor);
    const warnings = parseBody(await call('GET /events', { source, severity: 'WARNING', order: 'asc' }));
    const one = await call('GET /events/{id}', undefined, ids[4]);

    // Assess
    expect(pages.flat().sort()).toEqual([...ids].sort());
    expect(pages.flat()).toEqual([...pages.flat()].sort().reverse()); // one batch: receivedAt ties, then id
    expect(warnings.events.map((e: { id: string }) => e.id)).toEqual([ids[0], ids[3], ids[6]].sort());
    expect(one.statusCode).toBe(200);
    expect(parseBody(one).event).toMatchObject({ id: ids[4], source, type: 't0' });
  });

  it.each([
    [{ from: '2026-11-23T12:00:00Z', to: '2026-11-23T11:00:00Z' }, 'from', /^from: must not be after to/],
    [{ from: '2026-01-01T00:00:00Z', to: '2026-11-23T00:00:00Z' }, 'from', /history retention/],
    [{ severity: 'LOUD' }, 'severity', /^severity: must be one of INFO, WARNING, CRITICAL, got "LOUD"$/],
    [{ order: 'sideways' }, 'order', /^order: must be asc or desc/],
    [{ cursor: 'nonsense' }, 'cursor', /^cursor: /],
  ])('answers 400 for %o naming the rule', async (query, field, message) => {
    const response = await call('GET /events', query);
    expect(response.statusCode).toBe(400);
    expect(parseBody(response).error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    expect(parseBody(response).error.message).toMatch(message);
  });

  it('answers 404 for an id history does not hold, and 400 for one that is not a ULID', async () => {
    const unknown = await call('GET /events/{id}', undefined, ulid());
    expect(unknown.statusCode).toBe(404);
    expect(parseBody(unknown).error).toMatchObject({ code: 'EVENT_NOT_FOUND', field: 'id' });
    expect((await call('GET /events/{id}', undefined, 'nope')).statusCode).toBe(400);
  });
});
