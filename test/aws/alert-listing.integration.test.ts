import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAlertStore } from '#lib/aws/alert-store.ts';
import type { Alert } from '#lib/core/alerts/alert.ts';
import { ALERT_STATES } from '#lib/core/alerts/lifecycle.ts';
import { adminDepsFor, adminEvent, adminHttpHandler } from '../support/admin.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';
import { parseBody } from '../support/ingest.ts';

let tables: TestTables;
const alerts: Alert[] = [];
const SOURCES = ['press-1', 'press-2', 'oven'];
const TYPES = ['overheat', 'jam'];

/** 90 alerts in every state, both severities, three sources and two types, written as the store writes them. */
beforeAll(async () => {
  tables = await createTestTables();
  const store = new DynamoAlertStore({ tableName: tables.alerts, client: tables.client });
  for (let i = 0; i < 90; i++) {
    const at = new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString();
    const alert: Alert = {
      id: ulid(Date.UTC(2026, 10, 1, 0, i)),
      fingerprint: `st#${i}`,
      state: ALERT_STATES[i % 3] ?? 'new',
      severity: i % 4 === 0 ? 'CRITICAL' : 'WARNING',
      source: SOURCES[i % SOURCES.length] ?? '',
      type: TYPES[i % 5 === 0 ? 0 : 1] ?? '',
      count: 1,
      firstSeenAt: at,
      lastSeenAt: at,
      lastEventId: ulid(),
    };
    await store.create(alert, { at, kind: 'opened', eventId: alert.lastEventId });
    alerts.push(alert);
  }
}, 60_000);

async function list(query: Record<string, string>) {
  const handler = adminHttpHandler(adminDepsFor(tables));
  return handler(adminEvent('GET /alerts', query));
}

/** Every page of a query, following the cursor. */
async function walk(query: Record<string, string>): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const response = await list({ ...query, ...(cursor ? { cursor } : {}) });
    expect(response.statusCode).toBe(200);
    const body = parseBody(response);
    ids.push(...body.alerts.map((a: Alert) => a.id));
    cursor = body.cursor;
    pages++;
  } while (cursor);
  return { ids, pages };
}

function expected(filter: Partial<Record<'state' | 'severity' | 'source' | 'type', string>>): string[] {
  return alerts
    .filter((a) => Object.entries(filter).every(([k, v]) => a[k as keyof Alert] === v))
    .map((a) => a.id)
    .sort()
    .reverse();
}

describe('Function: admin GET /alerts, against the real DynamoDB', () => {
  it.each([
    [{}],
    [{ state: 'new' }],
    [{ state: 'resolved', severity: 'CRITICAL' }],
    [{ severity: 'CRITICAL' }],
    [{ severity: 'WARNING', type: 'overheat' }],
    [{ source: 'press-2' }],
    [{ source: 'oven', state: 'acknowledged', type: 'jam' }],
    [{ type: 'overheat' }],
  ])('lists exactly the alerts matching %o, newest first, over every page', async (filter) => {
    // Act
    const { ids, pages } = await walk({ ...filter, limit: '7' });

    // Assess
    const want = expected(filter);
    expect(ids).toEqual(want);
    expect(pages).toBe(Math.max(1, Math.ceil(want.length / 7)));
  });

  it('serves the default page size and no cursor when everything fits', async () => {
    const first = parseBody(await list({}));
    expect(first.alerts).toHaveLength(50);
    expect(first.cursor).toEqual(expect.any(String));
    const small = parseBody(await list({ source: 'oven', state: 'new' }));
    expect(small.alerts.map((a: Alert) => a.id)).toEqual(expected({ source: 'oven', state: 'new' }));
    expect(small.cursor).toBeUndefined();
  });

  it('returns the alerts without their index keys', async () => {
    const [alert] = parseBody(await list({ limit: '1' })).alerts;
    expect(Object.keys(alert).sort()).toEqual(Object.keys(alerts[0] as Alert).sort());
  });

  it.each([
    ['state', { state: 'open' }, 'state: must be one of new, acknowledged, resolved, got "open"'],
    ['severity', { severity: 'INFO' }, 'severity: must be one of WARNING, CRITICAL, got "INFO"'],
    ['limit', { limit: '0' }, 'limit: must be a whole number from 1 to 100'],
    ['limit', { limit: 'ten' }, 'limit: must be a whole number from 1 to 100'],
    ['source', { source: 'a b' }, 'source: must be 1-128 characters of A-Z a-z 0-9 . _ : / -'],
    ['cursor', { cursor: 'garbage' }, 'cursor: is not a cursor this API returned'],
    ['order', { order: 'asc' }, 'order: is not a known field'],
  ])('answers 400 naming %s and the rule', async (field, query, message) => {
    const response = await list(query);
    expect(response.statusCode).toBe(400);
    expect(parseBody(response).error).toEqual({ code: 'VALIDATION_FAILED', field, message });
  });

  it('refuses a cursor reused with other filters', async () => {
    const { cursor } = parseBody(await list({ state: 'new', limit: '2' }));
    const response = await list({ state: 'resolved', limit: '2', cursor });
    expect(response.statusCode).toBe(400);
    expect(parseBody(response).error.message).toBe(
      'cursor: belongs to a query with other filters; start again without it',
    );
  });
});
