import type { Context } from 'aws-lambda';
import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoHistoryStore } from '#lib/aws/history-store.ts';
import { createReplayHandler } from '#lib/aws/replay-handler.ts';
import { DynamoReplayStore } from '#lib/aws/replay-store.ts';
import type { Envelope } from '#lib/core/envelope.ts';
import type { MetricOf } from '#lib/core/metrics.ts';
import type { ReplayPublisher } from '#lib/core/replay/ports.ts';
import type { ReplayRequest } from '#lib/core/replay/request.ts';
import { PROGRESS_EVERY_MS, ReplayRunner } from '#lib/core/replay/runner.ts';
import { startReplay } from '#lib/core/replay/start.ts';
import { ValidationError } from '#lib/core/validation.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';
import { apiEvent, captureLog, event, recordingBus, testIngest } from '../support/ingest.ts';
import { countingSink } from '../support/metrics.ts';
import { signal } from '../support/signal.ts';

const RETENTION = 7 * 86_400;
let tables: TestTables;
let range: { from: string; to: string };
let accepted: Envelope[];
const source = `fleet.replay${ulid()}`;

/** 60 events accepted by the real ingest pipeline: types t0..t2, every fourth a WARNING. */
beforeAll(async () => {
  tables = await createTestTables();
  const bus = recordingBus();
  const from = new Date(Date.now() - 1000).toISOString();
  const ingest = testIngest(tables);
  const events = Array.from({ length: 60 }, (_, i) =>
    event({ source, type: `t${i % 3}`, severity: i % 4 === 0 ? 'WARNING' : 'INFO', message: `#${i}` }),
  );
  for (let i = 0; i < 60; i += 20) {
    const response = await ingest.handler(apiEvent(JSON.stringify({ events: events.slice(i, i + 20) })));
    expect(response.statusCode).toBe(202);
  }
  accepted = bus.envelopes();
  bus.mock.restore();
  // Just after the last receivedAt: past already (that request went on to claim, publish and write history).
  const lastReceived = Math.max(...accepted.map((e) => Date.parse(e.receivedAt)));
  range = { from, to: new Date(lastReceived + 1).toISOString() };
});

const history = () =>
  new DynamoHistoryStore({
    tableName: tables.history,
    client: tables.client,
    shards: 16,
    retentionSeconds: RETENTION,
  });

function recording(
  onBatch?: (batch: number) => Promise<void>,
  onPublished?: (published: readonly Envelope[]) => void,
): ReplayPublisher & { published: Envelope[] } {
  const published: Envelope[] = [];
  let batches = 0;
  return {
    published,
    async publish(events) {
      await onBatch?.(++batches);
      published.push(...events);
      onPublished?.(published);
      return events.map((e) => ({ id: e.id, published: true }));
    },
  };
}

function wiring(
  publisher: ReplayPublisher,
  options: { now?: () => number; sleep?: (ms: number) => Promise<void> } = {},
) {
  const now = options.now ?? Date.now;
  const store = new DynamoReplayStore({ tableName: tables.replays, client: tables.client, now });
  const runner = new ReplayRunner({
    store,
    history: history(),
    publisher,
    where: { account: '000000000000', region: 'us-east-1' },
    now,
    parallelBatches: PARALLEL_BATCHES,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const start = (request: Partial<ReplayRequest>) =>
    startReplay(
      { ...range, ...request },
      { store, runner, newId: ulid, now, retentionSeconds: RETENTION },
      () => 60_000,
    );
  return { store, runner, start };
}

async function historyIds(): Promise<string[]> {
  const page = await history().query({
    from: range.from,
    to: range.to,
    filter: { source },
    order: 'asc',
    limit: 1000,
    binding: { from: null, to: null, source, type: null, severity: null, order: 'asc' },
  });
  return page.events.map((e) => e.id);
}

const plenty = () => 60_000;
/** Batches in flight in these runs: a group is then 50 of the 60 events, so runs span two groups. */
const PARALLEL_BATCHES = 5;
/** Events published together before the place is stored (no rate): 50 of the 60. */
const GROUP = 10 * PARALLEL_BATCHES;

describe('Class: ReplayRunner, against the real DynamoDB', () => {
  let historyBefore: string[];

  beforeEach(async () => {
    historyBefore = await historyIds();
  });

  it('replays exactly the selected events, in original order, marked, and leaves history unchanged', async () => {
    // Prepare
    const publisher = recording();
    const { runner, start, store } = wiring(publisher);
    const started = await start({ filter: { source, type: 't1' } });
    if (started.kind !== 'started') throw new Error('expected a new replay');

    // Act
    const outcome = await runner.run(started.record.id, 'run-1', plenty);

    // Assess
    const want = accepted.filter((e) => e.type === 't1');
    expect(outcome).toBe('completed');
    expect(publisher.published.map((e) => e.id)).toEqual(want.map((e) => e.id));
    expect(publisher.published[0]).toEqual({
      ...want[0],
      replay: { replayId: started.record.id, originalReceivedAt: want[0]?.receivedAt },
    });
    expect(await store.get(started.record.id)).toMatchObject({
      status: 'completed',
      counts: { matched: 20, published: 20, failed: 0 },
      runs: 1,
    });
    expect(await historyIds()).toEqual(historyBefore);
    expect(historyBefore).toHaveLength(60);
  });

  it('aims with a full EventBridge pattern on the event as the bus first carried it', async () => {
    const publisher = recording();
    const { runner, start } = wiring(publisher);
    const started = await start({
      filter: {
        source,
        pattern: {
          source: ['vigil.ingest'],
          detail: { severity: ['WARNING'], type: [{ 'anything-but': 't0' }] },
        },
      },
    });
    if (started.kind !== 'started') throw new Error('expected a new replay');

    await runner.run(started.record.id, 'run-1', plenty);

    expect(publisher.published.map((e) => e.id)).toEqual(
      accepted.filter((e) => e.severity === 'WARNING' && e.type !== 't0').map((e) => e.id),
    );
  });

  it('returns the existing replay for a name already used', async () => {
    const { start } = wiring(recording());
    const name = `backfill-${ulid()}`;
    const first = await start({ name, filter: { source } });
    const second = await start({ name, filter: { source, type: 't2' } });
    expect(second.kind).toBe('existing');
    expect(second.kind !== 'dry-run' && first.kind !== 'dry-run' && second.record.id).toBe(
      first.kind !== 'dry-run' && first.record.id,
    );
  });

  it('stops at the next group once cancelled', async () => {
    // Prepare: cancel while the second batch (of the first group) is being published
    let id = '';
    const { runner, start, store } = wiring(
      recording(async (batch) => {
        if (batch === 2) await store.cancel(id);
      }),
    );
    const started = await start({ filter: { source } });
    if (started.kind !== 'started') throw new Error('expected a new replay');
    id = started.record.id;

    // Act
    const outcome = await runner.run(id, 'run-1', plenty);

    // Assess
    expect(outcome).toBe('cancelled');
    const record = await store.get(id);
    // the group in flight when the cancel came was published, and is counted
    expect(record).toMatchObject({ status: 'cancelled', counts: { published: GROUP } });
    expect(record).not.toHaveProperty('leaseOwner');
    expect(record?.finishedAt).toEqual(expect.any(String));
  });

  it('resumes after a crash from the stored cursor, publishing again only what went out after it', async () => {
    // Prepare: the first run dies publishing the first batch of its second group (it never settles)
    const { promise: dying, resolve: die } = signal();
    const crashed = recording((batch) => {
      if (batch !== PARALLEL_BATCHES + 1) return Promise.resolve();
      die();
      return new Promise<void>(() => {});
    });
    const first = wiring(crashed);
    const started = await first.start({ filter: { source } });
    if (started.kind !== 'started') throw new Error('expected a new replay');
    void first.runner.run(started.record.id, 'run-1', () => 20_000);
    await dying; // the first group was published and its place stored before the second began
    expect(crashed.published).toHaveLength(GROUP);

    // Act: a later invocation, once the dead run's lease has run out
    const resumed = recording();
    const later = wiring(resumed, { now: () => Date.now() + 60_000 });
    const outcome = await later.runner.run(started.record.id, 'run-2', plenty);

    // Assess
    expect(outcome).toBe('completed');
    const all = [...crashed.published, ...resumed.published].map((e) => e.id);
    expect(all).toEqual(accepted.map((e) => e.id));
    expect(await later.store.get(started.record.id)).toMatchObject({
      status: 'completed',
      counts: { matched: 60, published: 60 },
      runs: 2,
    });
  });

  it('stores no place past a batch still in flight, even when the later batches of its group are done', async () => {
    // Prepare: the first batch of the first group never settles; the other four go through
    const { promise: othersDone, resolve: reportOthersDone } = signal();
    const stuck = recording(
      (batch) => (batch === 1 ? new Promise<void>(() => {}) : Promise.resolve()),
      (published) => {
        if (published.length === GROUP - 10) reportOthersDone();
      },
    );
    const { runner, start, store } = wiring(stuck);
    const started = await start({ filter: { source } });
    if (started.kind !== 'started') throw new Error('expected a new replay');

    // Act
    void runner.run(started.record.id, 'run-1', () => 20_000);
    await othersDone;
    const record = await store.get(started.record.id);

    // Assess
    expect(stuck.published).toHaveLength(GROUP - 10);
    expect(record).not.toHaveProperty('cursor');
    expect(record?.counts).toEqual({ matched: 0, published: 0, failed: 0 });
  });

  it('stores its place after the first group, then at most every PROGRESS_EVERY_MS, and at the end', async () => {
    // Prepare: a clock that moves only when told, and a store that counts progress writes
    let clock = Date.now();
    const stores: number[] = [];
    const { store, start } = wiring(recording(), { now: () => clock });
    const counting = Object.assign(Object.create(store) as DynamoReplayStore, {
      progress: (...args: Parameters<DynamoReplayStore['progress']>) => {
        stores.push(args[2].counts.published);
        return store.progress(...args);
      },
    });
    const run = (publisher: ReplayPublisher) =>
      new ReplayRunner({
        store: counting,
        history: history(),
        publisher,
        where: { account: '000000000000', region: 'us-east-1' },
        now: () => clock,
        parallelBatches: PARALLEL_BATCHES,
      });
    const still = await start({ filter: { source } });
    const moving = await start({ filter: { source } });
    if (still.kind !== 'started' || moving.kind !== 'started') throw new Error('expected new replays');

    // Act
    await run(recording()).run(still.record.id, 'run-1', plenty);
    const whileStill = stores.splice(0);
    const ticking = recording(async () => {
      clock += PROGRESS_EVERY_MS;
    });
    await run(ticking).run(moving.record.id, 'run-2', plenty);

    // Assess
    expect(whileStill).toEqual([GROUP]);
    expect(stores).toEqual([GROUP, 60]);
    expect(await store.get(still.record.id)).toMatchObject({
      status: 'completed',
      counts: { published: 60 },
    });
  });

  it('refuses a second run while the first holds the replay', async () => {
    const { promise: publishing, resolve: reportPublishing } = signal();
    const { promise: opened, resolve: open } = signal();
    const gate = recording(() => {
      reportPublishing();
      return opened;
    });
    const { runner, start } = wiring(gate);
    const started = await start({ filter: { source, type: 't0' } });
    if (started.kind !== 'started') throw new Error('expected a new replay');
    const running = runner.run(started.record.id, 'run-1', plenty);
    await publishing; // run-1 holds the lease and is in the middle of its work
    expect(await runner.run(started.record.id, 'run-2', plenty)).toBe('busy');
    open();
    expect(await running).toBe('completed');
    expect(gate.published).toHaveLength(20);
  });

  it('stores its place when out of time, and the next run goes on from there', async () => {
    // Prepare: time for one group only
    const publisher = recording();
    const { runner, start, store } = wiring(publisher);
    const started = await start({ filter: { source } });
    if (started.kind !== 'started') throw new Error('expected a new replay');
    let budget = 2;
    const shortOfTime = () => (budget-- > 0 ? 60_000 : 1_000);

    // Act
    const first = await runner.run(started.record.id, 'run-1', shortOfTime);
    const paused = await store.get(started.record.id);
    const second = await runner.run(started.record.id, 'run-2', plenty);

    // Assess
    expect(first).toBe('continue');
    expect(paused).toMatchObject({ status: 'running' });
    expect(paused?.counts.published).toBe(GROUP);
    expect(second).toBe('completed');
    expect(publisher.published.map((e) => e.id)).toEqual(accepted.map((e) => e.id));
  });

  it('stores no place when it ran out of time before the first event, and the next run starts at the beginning', async () => {
    // Prepare
    const publisher = recording();
    const { runner, start, store } = wiring(publisher);
    const started = await start({ filter: { source, type: 't0' } });
    if (started.kind !== 'started') throw new Error('expected a new replay');

    // Act
    const first = await runner.run(started.record.id, 'run-1', () => 1_000);
    const paused = await store.get(started.record.id);
    const second = await runner.run(started.record.id, 'run-2', plenty);

    // Assess
    expect(first).toBe('continue');
    expect(paused?.status).toBe('running');
    expect(paused).not.toHaveProperty('cursor');
    expect(second).toBe('completed');
    expect(publisher.published.map((e) => e.id)).toEqual(
      accepted.filter((e) => e.type === 't0').map((e) => e.id),
    );
  });

  it('keeps to ratePerSecond: batches no bigger than the rate allows, spaced to it', async () => {
    let clock = Date.now();
    const waits: number[] = [];
    const publisher = recording();
    const sizes: number[] = [];
    const sizing: ReplayPublisher = {
      publish: (events) => {
        sizes.push(events.length);
        return publisher.publish(events);
      },
    };
    const { runner, start } = wiring(sizing, {
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    const started = await start({ filter: { source, type: 't2' }, ratePerSecond: 4 });
    if (started.kind !== 'started') throw new Error('expected a new replay');

    await runner.run(started.record.id, 'run-1', plenty);

    expect(sizes).toEqual([4, 4, 4, 4, 4]);
    expect(waits).toHaveLength(4);
    for (const wait of waits) expect(wait).toBeCloseTo(1000, -1);
  });

  it('answers a dry run with the count and a sample, publishing nothing', async () => {
    const publisher = recording();
    const { start } = wiring(publisher);
    const result = await start({ filter: { source, severity: 'WARNING' }, dryRun: true });
    expect(result).toMatchObject({ kind: 'dry-run', matched: 15, complete: true });
    expect(result.kind === 'dry-run' && result.sample).toHaveLength(10);
    expect(publisher.published).toHaveLength(0);
  });

  it.each([
    [{ from: '2026-11-23T12:00:00Z', to: '2026-11-23T11:00:00Z' }, 'from', /^from: must be before to/],
    [{ to: new Date(Date.now() + 3_600_000).toISOString() }, 'to', /^to: must not be in the future/],
    [{ from: '2026-01-01T00:00:00Z', to: '2026-11-20T00:00:00Z' }, 'from', /history retention/],
    [
      { filter: { pattern: { detail: { n: [{ numeric: ['>', 'x'] }] } } } },
      'filter.pattern',
      /^filter.pattern: is not a valid event pattern/,
    ],
    [{ ratePerSecond: 0 }, 'ratePerSecond', /^ratePerSecond: must be a whole number from 1 to 10000$/],
    [{ filter: { sourse: 'x' } }, 'filter.sourse', /is not a known field/],
  ])('refuses %o naming the field and the rule', async (request, field, message) => {
    const { start } = wiring(recording());
    const error = await start(request as Partial<ReplayRequest>).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });
});

describe('Function: createReplayHandler metrics', () => {
  it('counts the replay started, the events each run republished, and how the replay ended', async () => {
    // Prepare
    const { store, runner } = wiring(recording());
    const metrics = countingSink<MetricOf<'replay'>>();
    const continued: string[] = [];
    const handler = createReplayHandler({
      store,
      runner,
      newId: ulid,
      now: Date.now,
      retentionSeconds: RETENTION,
      log: captureLog(),
      metrics,
      continueLater: async (id) => {
        continued.push(id);
      },
    });
    const context = { getRemainingTimeInMillis: plenty, awsRequestId: 'run-1' } as unknown as Context;

    // Act
    const started = (await handler({ ...range, filter: { source, type: 't2' } }, context)) as {
      replayId: string;
    };
    await handler({ continueReplay: started.replayId }, context);

    // Assess
    expect(continued).toEqual([started.replayId]);
    expect(metrics.totals).toEqual({
      replaysStarted: 1,
      eventsReplayed: 20,
      replayPublishFailures: 0,
      replaysCompleted: 1,
    });
  });
});
