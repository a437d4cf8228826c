import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoModuleStore } from '#lib/aws/module-store.ts';
import type { Envelope } from '#lib/core/envelope.ts';
import { apply } from '#lib/core/state/apply.ts';
import { InvalidTransitionError } from '#lib/core/state/errors.ts';
import { INITIAL_STATE, type ModuleState } from '#lib/core/state/model.ts';
import { ModuleService } from '#lib/core/state/service.ts';
import { createTestTables, type TestTables } from '#test/support/dynamodb.ts';
import { type ManualClock, manualClock } from '#test/support/manual-clock.ts';

let tables: TestTables;

beforeAll(async () => {
  tables = await createTestTables();
});

/** The service on DynamoDB Local; with a window, on an injected clock, its scheduled drains recorded. */
function wiring(reorderWindowMs = 0, manual?: ManualClock) {
  const store = new DynamoModuleStore({ tableName: tables.modules, client: tables.client });
  const announced: Envelope[] = [];
  const clock = { now: Date.now() };
  const scheduled: { module: string; dueAt: number }[] = [];
  const service = new ModuleService({
    store,
    announce: async (notifications) => {
      announced.push(...notifications);
    },
    newId: ulid,
    now: manual ? manual.now : reorderWindowMs > 0 ? () => clock.now : Date.now,
    ...(manual ? { sleep: manual.sleep, random: () => 0 } : {}),
    reorderWindowMs,
    scheduleDrain: async (module, afterMs) => {
      scheduled.push({ module, dueAt: clock.now + afterMs });
    },
  });
  /** Runs the scheduled drains in due order, moving the clock to each, as the drain queue would. */
  const runScheduledDrains = async () => {
    for (let next = scheduled.shift(); next; next = scheduled.shift()) {
      clock.now = Math.max(clock.now, next.dueAt);
      await service.drain(next.module);
      scheduled.sort((a, b) => a.dueAt - b.dueAt);
    }
  };
  return { store, service, announced, clock, runScheduledDrains };
}

let clock = Date.parse('2026-11-23T10:00:00.000Z');
function stateEvent(module: string, type: string, overrides: Partial<Envelope> = {}): Envelope {
  clock += 1000;
  const time = new Date(clock).toISOString();
  return {
    id: ulid(),
    source: 'robot-cell',
    type: `state.${type}`,
    severity: 'INFO',
    time,
    receivedAt: time,
    module,
    ...overrides,
  };
}

async function allTransitions(store: DynamoModuleStore, module: string) {
  return (await store.transitions(module, { limit: 1000 })).items;
}

describe('Class: ModuleService, against the real DynamoDB', () => {
  it('applies 20 concurrent events for one module one at a time: versions 1..n, each once, no lost update', async () => {
    // Prepare
    const module = `arm-${ulid()}`;
    const { service, store, announced } = wiring();
    const types = [
      'START',
      'INIT_SUCCESS',
      'SET_READY',
      'TASK_START',
      'WARN',
      'CLEAR_WARNING',
      'FAULT',
      'RESET',
    ];
    const events = Array.from({ length: 20 }, (_, i) =>
      stateEvent(module, types[i % types.length] as string),
    );

    // Act
    await Promise.all(events.map((event) => service.receive(event)));

    // Assess
    const log = await allTransitions(store, module);
    expect(log.map((r) => r.version)).toEqual(log.map((_, i) => i + 1));
    const rejected = announced.filter((n) => n.type === 'module.transition_rejected');
    expect(log.length + rejected.length).toBe(20);
    expect(new Set([...log.map((r) => r.eventId), ...rejected.map((n) => n.data?.eventId)])).toEqual(
      new Set(events.map((e) => e.id)),
    );
    let state: ModuleState = INITIAL_STATE;
    for (const record of log) {
      state = apply(state, { type: record.event }).next; // each change was made on the one before it
      expect(record.state).toEqual(state);
    }
    expect(await store.get(module)).toMatchObject({ state, version: log.length });
    expect(await store.inbox(module)).toEqual([]);
  });

  it('sees a waiting event however long the inbox is: more than one 1 MB page of it', async () => {
    // Prepare: 400 waiting events of about 3 KB, then one that sorts after all of them
    const module = `backlog-${ulid()}`;
    const { store } = wiring();
    const padding = 'x'.repeat(3000);
    const waiting = Array.from({ length: 400 }, (_, i) => ({
      module,
      id: ulid(),
      type: 'RECOVER',
      data: { padding },
      time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      priority: 'normal' as const,
      enqueuedAt: Date.now(),
    }));
    for (let i = 0; i < waiting.length; i += 25)
      await Promise.all(waiting.slice(i, i + 25).map((w) => store.enqueue(w)));
    const last = { ...stateEvent(module, 'START'), id: ulid() };
    const item = {
      module,
      id: last.id,
      type: 'START',
      time: '2027-01-01T00:00:00.000Z',
      priority: 'normal' as const,
      enqueuedAt: Date.now(),
    };
    await store.enqueue(item);

    // Act
    const inbox = await store.inbox(module);

    // Assess
    expect(inbox).toHaveLength(401);
    expect(inbox.at(-1)?.id).toBe(last.id);
    expect(await store.isQueued(item)).toBe(true);
    expect((await store.inboxHead(module))?.id).toBe(waiting[0]?.id);
  });

  it('counts an event delivered twice once', async () => {
    // Prepare
    const module = `press-${ulid()}`;
    const { service, store } = wiring();
    const event = stateEvent(module, 'START');

    // Act
    const first = await service.receive(event);
    const again = await service.receive(event);

    // Assess
    expect(first.drained).toEqual([{ outcome: 'applied', eventId: event.id, version: 1 }]);
    expect(again).toEqual({ queued: false, drained: [] });
    expect((await store.get(module))?.version).toBe(1);
  });

  it('applies a replayed event it already handled once, and a replayed one it missed', async () => {
    // Prepare
    const module = `valve-${ulid()}`;
    const { service, store } = wiring();
    const seen = stateEvent(module, 'START');
    const missed = stateEvent(module, 'INIT_SUCCESS');
    await service.receive(seen);
    const replay = (event: Envelope): Envelope => ({
      ...event,
      replay: { replayId: ulid(), originalReceivedAt: event.receivedAt },
    });

    // Act
    const again = await service.receive(replay(seen));
    const caughtUp = await service.receive(replay(missed));

    // Assess
    expect(again).toEqual({ queued: false, drained: [] });
    expect(caughtUp.drained).toEqual([{ outcome: 'applied', eventId: missed.id, version: 2 }]);
    expect((await store.get(module))?.state.lifecycle).toBe('Active');
  });

  it('applies an EMERGENCY_STOP sent behind queued normal events first', async () => {
    // Prepare: an active, running module
    const module = `cell-${ulid()}`;
    const { service, store, clock, runScheduledDrains } = wiring(800);
    for (const type of ['START', 'INIT_SUCCESS', 'SET_READY', 'TASK_START'])
      await service.applyNow(module, { type }, { origin: 'producer' });
    const normal = [stateEvent(module, 'SET_BACKGROUND'), stateEvent(module, 'SET_FOREGROUND')];
    for (const event of normal) await service.receive(event);
    clock.now += 100;

    // Act
    const stop = stateEvent(module, 'EMERGENCY_STOP');
    await service.receive(stop);
    await runScheduledDrains();

    // Assess
    const log = await allTransitions(store, module);
    expect(log[4]).toMatchObject({ version: 5, event: 'EMERGENCY_STOP', eventId: stop.id });
    expect(log[4]?.changes.map((c) => [c.layer, c.from, c.to])).toEqual([
      ['lifecycle', 'Active', 'ShuttingDown'],
      ['operational', 'Running', 'Stopped'],
      ['health', 'Healthy', 'Critical'],
    ]);
    expect(log).toHaveLength(5); // both normal events then met a Stopped module and were refused
  });

  it('applies an out-of-order pair inside the reorder window in producer order', async () => {
    // Prepare: SET_READY then TASK_START, as the producer sent them
    const module = `conveyor-${ulid()}`;
    const { service, store, clock, runScheduledDrains } = wiring(1000);
    const ready = stateEvent(module, 'SET_READY');
    const start = stateEvent(module, 'TASK_START');

    // Act: TASK_START arrives first, SET_READY 300 ms later; neither delivery waits
    const late = await service.receive(start);
    clock.now += 300;
    const early = await service.receive(ready);
    expect([late.scheduledInMs, early.scheduledInMs]).toEqual([1000, 1000]);
    expect(await store.get(module)).toBeUndefined();
    await runScheduledDrains();

    // Assess
    const log = await allTransitions(store, module);
    expect(log.map((r) => [r.version, r.event])).toEqual([
      [1, 'SET_READY'],
      [2, 'TASK_START'],
    ]);
    expect((await store.get(module))?.state.operational).toBe('Running');
  });

  it('applies an event at once with nothing waiting: one read and one transaction, no inbox item', async () => {
    // Prepare
    const module = `lathe-${ulid()}`;
    const { service, store } = wiring();
    const calls: string[] = [];
    const counted = new Proxy(store, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(name));
          return value.apply(target, args);
        };
      },
    });
    const direct = new ModuleService({
      store: counted,
      announce: async () => {},
      newId: ulid,
      now: Date.now,
    });
    await service.receive(stateEvent(module, 'START'));

    // Act
    const event = stateEvent(module, 'INIT_SUCCESS');
    const result = await direct.receive(event);

    // Assess
    expect(result).toEqual({
      queued: false,
      drained: [{ outcome: 'applied', eventId: event.id, version: 2 }],
    });
    expect(calls).toEqual(['snapshot', 'commit']);
    expect(await store.inbox(module)).toEqual([]);
  });

  it('queues behind an event already waiting, and applies the two in arrival order', async () => {
    // Prepare: an event left in the inbox (its delivery met a concurrent change)
    const module = `mill-${ulid()}`;
    const { service, store } = wiring();
    const first = stateEvent(module, 'START');
    await store.enqueue({
      module,
      id: first.id,
      type: 'START',
      time: first.time,
      priority: 'normal',
      enqueuedAt: 0,
    });

    // Act
    const second = stateEvent(module, 'INIT_SUCCESS');
    const result = await service.receive(second);

    // Assess
    expect(result.drained).toEqual([
      { outcome: 'applied', eventId: first.id, version: 1 },
      { outcome: 'applied', eventId: second.id, version: 2 },
    ]);
    expect(await store.inbox(module)).toEqual([]);
  });

  it('drops an inbox item whose event another delivery applied directly, without applying it twice', async () => {
    // Prepare: delivery 1 queued the event; delivery 2 read an empty inbox just before, and applies it
    const module = `drill-${ulid()}`;
    const { service, store } = wiring();
    const event = stateEvent(module, 'START');
    const item = {
      module,
      id: event.id,
      type: 'START',
      time: event.time,
      priority: 'normal' as const,
      enqueuedAt: 0,
    };
    await store.enqueue(item);
    const blind = Object.assign(Object.create(store) as DynamoModuleStore, {
      snapshot: async (name: string) => ({ ...(await store.snapshot(name)), inboxWaiting: false }),
    });
    await new ModuleService({ store: blind, announce: async () => {}, newId: ulid, now: Date.now }).receive(
      event,
    );

    // Act
    const drained = await service.drain(module, item);

    // Assess
    expect(drained).toEqual({ drained: [] });
    expect(await store.inbox(module)).toEqual([]);
    expect(await allTransitions(store, module)).toHaveLength(1);
  });

  it('refuses an invalid transition with the exact message, changes nothing and announces the refusal', async () => {
    // Prepare
    const module = `sensor-${ulid()}`;
    const { service, store, announced } = wiring();
    await service.applyNow(module, { type: 'START' }, { origin: 'producer' });

    // Act
    const refusal = await service
      .applyNow(module, { type: 'SHUTDOWN' }, { origin: 'producer' })
      .catch((e) => e);

    // Assess
    expect(refusal).toBeInstanceOf(InvalidTransitionError);
    expect(refusal.message).toBe('Cannot transition from Initializing to ShuttingDown with event SHUTDOWN');
    expect(await store.get(module)).toMatchObject({ version: 1, state: { lifecycle: 'Initializing' } });
    expect(announced.map((n) => n.type)).toEqual(['module.transitioned', 'module.transition_rejected']);
    expect(announced[1]?.data).toMatchObject({
      module,
      event: 'SHUTDOWN',
      version: 1,
      error: { code: 'INVALID_TRANSITION' },
    });
  });

  it('announces one module.transitioned per layer changed, with the version', async () => {
    const module = `pump-${ulid()}`;
    const { service, announced } = wiring();
    for (const type of ['START', 'INIT_SUCCESS', 'SET_READY'])
      await service.applyNow(module, { type }, { origin: 'producer' });
    announced.length = 0;

    await service.applyNow(module, { type: 'EMERGENCY_STOP' }, { origin: 'producer' });

    expect(announced.map((n) => n.data)).toEqual([
      expect.objectContaining({ module, layer: 'lifecycle', from: 'Active', to: 'ShuttingDown', version: 4 }),
      expect.objectContaining({ module, layer: 'operational', from: 'Ready', to: 'Stopped', version: 4 }),
      expect.objectContaining({ module, layer: 'health', from: 'Healthy', to: 'Critical', version: 4 }),
    ]);
  });

  it('rebuilds the state at a past time from the log', async () => {
    const module = `lift-${ulid()}`;
    const clock = manualClock(Date.now());
    const { service, store } = wiring(0, clock);
    await service.applyNow(module, { type: 'START' }, { origin: 'producer' });
    const between = new Date(clock.now() + 2).toISOString();
    clock.advance(5);
    await service.applyNow(module, { type: 'INIT_SUCCESS' }, { origin: 'producer' });

    expect((await store.transitionAt(module, between))?.state.lifecycle).toBe('Initializing');
    expect((await store.transitionAt(module, new Date(clock.now()).toISOString()))?.state.lifecycle).toBe(
      'Active',
    );
    expect(await store.transitionAt(module, '2020-01-01T00:00:00.000Z')).toBeUndefined();
  });
});
