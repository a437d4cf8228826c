import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAlertStore } from '#lib/aws/alert-store.ts';
import { AlertConflictError } from '#lib/core/alerts/errors.ts';
import { fingerprintOf } from '#lib/core/alerts/fingerprint.ts';
import { AlertService } from '#lib/core/alerts/service.ts';
import type { Envelope } from '#lib/core/envelope.ts';
import { createTestTables, type TestTables } from '#test/support/dynamodb.ts';

let tables: TestTables;

beforeAll(async () => {
  tables = await createTestTables();
});

function service(silenced = false) {
  return new AlertService({
    store: new DynamoAlertStore({ tableName: tables.alerts, client: tables.client }),
    now: Date.now,
    isSilenced: async () => silenced,
  });
}

function warning(source: string, overrides: Partial<Envelope> = {}): Envelope {
  const time = new Date().toISOString();
  return {
    id: ulid(),
    source,
    type: 'temperature.high',
    severity: 'WARNING',
    time,
    receivedAt: time,
    ...overrides,
  };
}

describe('Class: AlertService, against the real DynamoDB', () => {
  it('makes one alert with count 30 out of 30 concurrent WARNING events of one fingerprint', async () => {
    // Prepare
    const source = `race.${ulid()}`;
    const alerts = service();

    // Act
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => alerts.handleEvent(warning(source))));

    // Assess
    expect(outcomes.filter((o) => o.outcome === 'opened')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'repeated')).toHaveLength(29);
    const ids = new Set(outcomes.map((o) => ('alert' in o ? o.alert.id : '')));
    expect(ids.size).toBe(1);
    const store = new DynamoAlertStore({ tableName: tables.alerts, client: tables.client });
    const stored = await store.get([...ids][0] as string);
    expect(stored?.alert.count).toBe(30);
    expect(stored?.version).toBe(30);
    // The timeline keeps state changes; the 29 repeats are the count.
    expect((await store.timeline(stored?.alert.id ?? '')).map((t) => t.kind)).toEqual(['opened']);
  });

  it('counts an event delivered twice once', async () => {
    // Prepare
    const event = warning(`redelivery.${ulid()}`);
    const alerts = service();

    // Act
    const first = await alerts.handleEvent(event);
    const again = await alerts.handleEvent(event);
    const repeat = await alerts.handleEvent({ ...warning(event.source), id: ulid() });

    // Assess
    expect(first.outcome).toBe('opened');
    expect(again).toEqual({ outcome: 'duplicate', reason: `event ${event.id} was applied before` });
    expect(repeat).toMatchObject({ outcome: 'repeated', alert: { count: 2 } });
  });

  it('counts a replayed event it already applied once, and applies a replayed one it missed', async () => {
    // Prepare
    const alerts = service();
    const seen = warning(`replayed.${ulid()}`);
    const missed = warning(seen.source);
    await alerts.handleEvent(seen);
    const replay = (event: Envelope): Envelope => ({
      ...event,
      replay: { replayId: ulid(), originalReceivedAt: event.receivedAt },
    });

    // Act
    const again = await alerts.handleEvent(replay(seen));
    const caughtUp = await alerts.handleEvent(replay(missed));

    // Assess
    expect(again.outcome).toBe('duplicate');
    expect(caughtUp).toMatchObject({ outcome: 'repeated', alert: { count: 2 } });
  });

  it("never applies an alert's opening event again: redelivered while open, replayed after the resolve, replayed into the next alert", async () => {
    // Prepare
    const source = `opener.${ulid()}`;
    const alerts = service();
    const store = new DynamoAlertStore({ tableName: tables.alerts, client: tables.client });
    const opener = warning(source);
    const opened = await alerts.handleEvent(opener);

    // Act
    const whileOpen = await alerts.handleEvent(opener);
    await alerts.act(opener.id, 'resolve', { by: 'ana' }, 'fixed');
    const afterResolve = await alerts.handleEvent(opener);
    const next = await alerts.handleEvent(warning(source));
    const intoNext = await alerts.handleEvent(opener);

    // Assess
    expect(opened).toMatchObject({ outcome: 'opened', alert: { id: opener.id, count: 1 } });
    for (const outcome of [whileOpen, afterResolve, intoNext]) expect(outcome.outcome).toBe('duplicate');
    expect(next.outcome).toBe('opened');
    expect((await store.get(opener.id))?.alert).toMatchObject({ state: 'resolved', count: 1 });
    expect((await store.findOpen(fingerprintOf(opener)))?.alert).toMatchObject({ count: 1 });
  });

  it('opens one alert, counted once, out of concurrent deliveries of its opening event among other events', async () => {
    // Prepare
    const source = `openerrace.${ulid()}`;
    const alerts = service();
    const opener = warning(source);
    const others = Array.from({ length: 8 }, () => warning(source));

    // Act
    const outcomes = await Promise.all(
      [...Array.from({ length: 8 }, () => opener), ...others].map((event) => alerts.handleEvent(event)),
    );

    // Assess
    expect(outcomes.filter((o) => o.outcome === 'opened')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'duplicate')).toHaveLength(7);
    const store = new DynamoAlertStore({ tableName: tables.alerts, client: tables.client });
    expect((await store.findOpen(fingerprintOf(opener)))?.alert.count).toBe(9);
  });

  it('finds no alert under the id of an event that only repeated one', async () => {
    // Prepare
    const source = `notanalert.${ulid()}`;
    const alerts = service();
    await alerts.handleEvent(warning(source));
    const repeat = warning(source);
    await alerts.handleEvent(repeat);
    const store = new DynamoAlertStore({ tableName: tables.alerts, client: tables.client });

    // Act
    const [found, timeline] = await Promise.all([store.get(repeat.id), store.timeline(repeat.id)]);

    // Assess
    expect(found).toBeUndefined();
    expect(timeline).toEqual([]);
  });

  it('lets one of a racing acknowledge and resolve win and answers the other with a conflict', async () => {
    // Prepare
    const opened = await service().handleEvent(warning(`ackrace.${ulid()}`));
    if (!('alert' in opened)) throw new Error('expected an alert');
    // A race for real: both actions read the alert before either writes. Unforced, an acknowledge
    // that commits before the resolve reads is not a race (acknowledged → resolved is allowed).
    const store = new DynamoAlertStore({ tableName: tables.alerts, client: tables.client });
    let reads = 0;
    let bothRead: () => void = () => {};
    const barrier = new Promise<void>((resolve) => {
      bothRead = resolve;
    });
    const racing = new Proxy(store, {
      get(target, property) {
        if (property === 'get')
          return async (id: string) => {
            const stored = await target.get(id);
            reads += 1;
            if (reads === 2) bothRead();
            if (reads <= 2) await barrier;
            return stored;
          };
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const alerts = new AlertService({ store: racing, now: Date.now, isSilenced: async () => false });

    // Act
    const results = await Promise.allSettled([
      alerts.act(opened.alert.id, 'acknowledge', { by: 'ana' }, 'on it'),
      alerts.act(opened.alert.id, 'resolve', { by: 'bob' }, 'fixed'),
    ]);

    // Assess
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(AlertConflictError);
    expect(rejected.reason.code).toBe('ALERT_CONFLICT');
  });

  it('opens a new alert once the last one of the fingerprint was resolved', async () => {
    // Prepare
    const source = `reopen.${ulid()}`;
    const alerts = service();
    const first = await alerts.handleEvent(warning(source));
    if (!('alert' in first)) throw new Error('expected an alert');
    await alerts.act(first.alert.id, 'resolve', { by: 'ana' }, 'fixed');

    // Act
    const next = await alerts.handleEvent(warning(source));

    // Assess
    expect(next.outcome).toBe('opened');
    expect('alert' in next && next.alert.id).not.toBe(first.alert.id);
  });

  it('resolves on a producer resolve event and refuses a later acknowledge', async () => {
    // Prepare
    const source = `selfresolve.${ulid()}`;
    const alerts = service();
    const opened = await alerts.handleEvent(warning(source));
    if (!('alert' in opened)) throw new Error('expected an alert');

    // Act
    const resolved = await alerts.handleEvent(warning(source, { severity: 'INFO', alertAction: 'resolve' }));

    // Assess
    expect(resolved).toMatchObject({
      outcome: 'resolved',
      alert: { state: 'resolved', resolvedBy: `producer:${source}` },
    });
    await expect(alerts.act(opened.alert.id, 'acknowledge', { by: 'ana' })).rejects.toThrow(
      'cannot acknowledge an alert that is resolved',
    );
  });
});
