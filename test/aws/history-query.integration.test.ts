import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoHistoryStore } from '#lib/aws/history-store.ts';
import type { Envelope, Severity } from '#lib/core/envelope.ts';
import { comparePositions } from '#lib/core/history/position.ts';
import { parseHistoryQuery } from '#lib/core/history/query.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';

/**
 * Far ahead of the real clock: DynamoDB Local deletes items whose TTL is behind the real clock, and
 * the items this test calls expired must still be there for the store to filter them out.
 */
const NOW = Date.parse('2099-03-04T05:06:07.089Z');
const HOUR = 3_600_000;
const RETENTION_SECONDS = 7 * 86_400;
const SHARDS = 16;
const SOURCES = ['sensor.a', 'sensor.b', 'fleet.x'] as const;
const TYPES = ['temperature.high', 'door.open', 'heartbeat', 'disk.full'] as const;
const SEVERITIES: readonly Severity[] = ['INFO', 'WARNING', 'CRITICAL'];

/** A seeded generator, so a failure replays with the same data. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
const rand = random(42);
const pick = <T>(values: readonly T[]): T => values[Math.floor(rand() * values.length)] as T;

function envelope(receivedMs: number, fields: Partial<Envelope> = {}): Envelope {
  const receivedAt = new Date(receivedMs).toISOString();
  return {
    id: ulid(receivedMs, rand),
    source: pick(SOURCES),
    type: pick(TYPES),
    severity: pick(SEVERITIES),
    time: receivedAt,
    receivedAt,
    ...fields,
  };
}

let tables: TestTables;
let clock = NOW;
let store: DynamoHistoryStore;
/** Written with a one-minute retention: expired at NOW, not yet deleted. */
const expired = new Set<string>();
const live: Envelope[] = [];

function historyStore(retentionSeconds: number): DynamoHistoryStore {
  return new DynamoHistoryStore({
    tableName: tables.history,
    client: tables.client,
    shards: SHARDS,
    retentionSeconds,
    now: () => clock,
  });
}

beforeEach(() => {
  clock = NOW;
});

beforeAll(async () => {
  tables = await createTestTables();
  store = historyStore(RETENTION_SECONDS);
  const all: Envelope[] = [];
  for (let i = 0; i < 1000; i++) {
    const previous = all.at(-1);
    // Every tenth event shares the previous one's receivedAt: ties are broken by id.
    const receivedMs =
      i % 10 === 9 && previous ? Date.parse(previous.receivedAt) : NOW - Math.floor(rand() * 6 * HOUR);
    all.push(envelope(receivedMs));
  }
  for (const event of all) {
    if (Date.parse(event.receivedAt) < NOW - 2 * 60_000 && rand() < 0.1) expired.add(event.id);
    else live.push(event);
  }
  // Two live events on each edge of the ranges queried below (an hour edge too).
  for (const edge of [NOW - 2 * HOUR, NOW - 3 * HOUR, Date.parse('2099-03-04T02:00:00.000Z')]) {
    live.push(envelope(edge), envelope(edge));
  }
  await store.put(live);
  await historyStore(60).put(all.filter((e) => expired.has(e.id)));
});

interface Walk {
  readonly pages: Envelope[][];
  readonly events: Envelope[];
}

/** Follows `nextCursor` to the end, repeating the first page's parameters as a client does. */
async function walk(
  params: Record<string, string>,
  between?: (page: number) => Promise<void>,
): Promise<Walk> {
  const pages: Envelope[][] = [];
  let cursor: string | null = null;
  do {
    const query = parseHistoryQuery(
      { ...params, ...(cursor ? { cursor } : {}) },
      { nowMs: clock, retentionSeconds: RETENTION_SECONDS },
    );
    const page = await store.query(query);
    pages.push(page.events);
    cursor = page.nextCursor;
    if (pages.length > 2000) throw new Error('the walk does not end');
    if (cursor && between) await between(pages.length);
  } while (cursor);
  return { pages, events: pages.flat() };
}

function reference(params: Record<string, string>): Envelope[] {
  const to = params.to ?? new Date(NOW).toISOString();
  const from = params.from ?? new Date(Date.parse(to) - HOUR).toISOString();
  const sign = params.order === 'asc' ? 1 : -1;
  return live
    .filter(
      (e) =>
        e.receivedAt >= from &&
        e.receivedAt < to &&
        (params.source === undefined || e.source === params.source) &&
        (params.type === undefined || e.type === params.type) &&
        (params.severity === undefined || e.severity === params.severity),
    )
    .sort((a, b) => sign * comparePositions(a, b));
}

const iso = (ms: number) => new Date(ms).toISOString();
const ALL = iso(NOW - 7 * HOUR);

describe('Store: DynamoHistoryStore.query against the real DynamoDB', () => {
  it.each<[Record<string, string>]>([
    [{}],
    [{ from: ALL, order: 'asc', limit: '50' }],
    [{ from: ALL, limit: '1000' }],
    [{ from: ALL, source: 'sensor.b', type: 'disk.full', severity: 'INFO', order: 'asc', limit: '1' }],
    [{ from: ALL, source: 'sensor.a', order: 'asc', limit: '7' }],
    [{ from: ALL, type: 'door.open', severity: 'CRITICAL', limit: '3' }],
    [{ from: ALL, source: 'fleet.x', type: 'heartbeat', order: 'asc', limit: '333' }],
    [{ from: iso(NOW - 3 * HOUR), to: iso(NOW - 2 * HOUR), order: 'asc', limit: '33' }],
    [{ from: '2099-03-04T02:00:00.000Z', to: iso(NOW - 2 * HOUR), severity: 'WARNING', limit: '16' }],
  ])('walks %j page by page to exactly the reference: in order, filtered, expired hidden', async (params) => {
    // Prepare
    const expected = reference(params);
    const limit = Number(params.limit ?? 100);

    // Act
    const { pages, events } = await walk(params);

    // Assess
    expect(expected.length).toBeGreaterThan(0);
    expect(events.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(events).toEqual(expected);
    for (const page of pages.slice(0, -1)) expect(page).toHaveLength(limit);
    expect(pages.at(-1)?.length).toBeLessThanOrEqual(limit);
  });

  it('hides expired items that DynamoDB has not deleted yet, in every range', async () => {
    // Prepare
    // Act
    const { events } = await walk({ from: ALL, order: 'asc', limit: '1000' });

    // Assess
    expect(expired.size).toBeGreaterThan(50);
    expect(events.filter((e) => expired.has(e.id))).toEqual([]);
    expect(events).toHaveLength(live.filter((e) => e.receivedAt >= ALL).length);
  });

  it('includes an event at from and excludes one at to: the range is half-open', async () => {
    // Prepare
    const from = iso(NOW - 3 * HOUR);
    const to = iso(NOW - 2 * HOUR);

    // Act
    const { events } = await walk({ from, to, order: 'asc', limit: '1000' });

    // Assess
    expect(events.filter((e) => e.receivedAt === from)).toHaveLength(2);
    expect(events.filter((e) => e.receivedAt === to)).toEqual([]);
  });

  it('pages through a run of events sharing one receivedAt in id order, both ways, across shards', async () => {
    // Prepare: twelve events in one millisecond, far from the other tests' events
    const at = NOW + 96 * HOUR;
    const run = Array.from({ length: 12 }, () => envelope(at, { source: 'tie' }));
    await store.put(run);
    const range = { from: iso(at - HOUR), to: iso(at + HOUR), source: 'tie', limit: '5' };
    const byId = run.map((e) => e.id).sort();

    // Act
    const up = await walk({ ...range, order: 'asc' });
    const down = await walk({ ...range, order: 'desc' });

    // Assess
    expect(new Set(run.map((e) => store.keyOf(e).pk)).size).toBeGreaterThan(1);
    expect(up.pages.map((p) => p.length)).toEqual([5, 5, 2]);
    expect(up.events.map((e) => e.id)).toEqual(byId);
    expect(down.events.map((e) => e.id)).toEqual([...byId].reverse());
  });

  it('reads only what the page needs: one Query per shard of the newest hour for a small page', async () => {
    // Prepare
    let queries = 0;
    tables.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'QueryCommand') queries++;
        return next(args);
      },
      { step: 'build', name: 'countQueries' },
    );
    const query = parseHistoryQuery({ limit: '5' }, { nowMs: NOW, retentionSeconds: RETENTION_SECONDS });

    // Act
    const page = await store.query(query).finally(() => tables.client.middlewareStack.remove('countQueries'));

    // Assess
    expect(reference({}).filter((e) => e.receivedAt >= '2099-03-04T05').length).toBeGreaterThanOrEqual(5);
    expect(page.events).toEqual(reference({}).slice(0, 5));
    expect(queries).toBe(SHARDS);
  });
});

describe('Store: a page walk while new events arrive', () => {
  /** Two days after the other tests' range, so neither sees the other's events. */
  const WALK_NOW = NOW + 48 * HOUR;
  const walkEvent = (source: string, receivedMs: number) =>
    envelope(receivedMs, { source, type: 'walk', severity: 'INFO' });

  /** 30 events of their own source, oldest first, 97 s apart inside the hour before WALK_NOW. */
  async function seed(source: string): Promise<Envelope[]> {
    const events = Array.from({ length: 30 }, (_, i) =>
      walkEvent(source, WALK_NOW - 50 * 60_000 + i * 97_000),
    );
    await store.put(events);
    return events;
  }
  const ids = (events: readonly Envelope[]) => events.map((e) => e.id);

  it('oldest first: events stored past the cursor show up later, one stored behind it never; no duplicates', async () => {
    // Prepare: the first page ends at the tenth event
    clock = WALK_NOW;
    const stored = await seed('walk.asc');
    const cursorAt = Date.parse((stored[9] as Envelope).receivedAt);
    const ahead = walkEvent('walk.asc', cursorAt + 1);
    const late = walkEvent('walk.asc', WALK_NOW + 30_000);
    // receivedAt behind the cursor but stored after the page was read: an ingest still in flight, or skew.
    const behind = walkEvent('walk.asc', cursorAt - 1);
    const between = async (page: number) => {
      if (page !== 1) return;
      await store.put([ahead, late, behind]);
      clock = WALK_NOW + 60_000;
    };

    // Act: `to` omitted, so each page reads up to its own now
    const { pages, events } = await walk({ source: 'walk.asc', order: 'asc', limit: '10' }, between);

    // Assess
    expect(ids(pages[0] ?? [])).toEqual(ids(stored.slice(0, 10)));
    expect(ids(events)).toEqual(ids([...stored, ahead, late].sort(comparePositions)));
    expect(ids(events)).not.toContain(behind.id);
    expect(new Set(ids(events)).size).toBe(events.length);
  });

  it('newest first: the walk is anchored where it began; an event stored behind the cursor still shows up', async () => {
    // Prepare
    clock = WALK_NOW;
    const stored = (await seed('walk.desc')).reverse();
    const cursorAt = Date.parse((stored[9] as Envelope).receivedAt);
    const newer = walkEvent('walk.desc', cursorAt + 1);
    const older = walkEvent('walk.desc', cursorAt - 1);
    const between = async (page: number) => {
      if (page !== 1) return;
      await store.put([newer, older]);
      clock = WALK_NOW + 60_000;
    };

    // Act
    const { events } = await walk({ source: 'walk.desc', limit: '10' }, between);

    // Assess
    expect(ids(events)).toEqual(ids([...stored, older].sort((a, b) => comparePositions(b, a))));
    expect(ids(events)).not.toContain(newer.id);
  });
});
