import { describe, expect, it, vi } from 'vitest';
import type { Envelope } from '#lib/core/envelope.ts';
import { ModuleService } from '#lib/core/state/service.ts';
import { armEvent, MemoryModuleStore } from '#test/support/memory-module-store.ts';

const START = Date.parse('2026-11-27T10:00:00.000Z');

/** A service on the in-memory store with an injected clock; scheduled drains are recorded, not run. */
function setup(reorderWindowMs?: number) {
  const store = new MemoryModuleStore();
  const clock = { now: START };
  const sleep = vi.fn(async (ms: number) => {
    clock.now += ms;
  });
  const scheduled: { module: string; afterMs: number; at: number }[] = [];
  let ids = 0;
  const service = new ModuleService({
    store,
    announce: async () => {},
    newId: () => `id-${++ids}`,
    now: () => clock.now,
    sleep,
    scheduleDrain: async (module, afterMs) => {
      scheduled.push({ module, afterMs, at: clock.now });
    },
    ...(reorderWindowMs === undefined ? {} : { reorderWindowMs }),
  });
  /** Moves the clock to the due time of the earliest scheduled drain and runs it, as the drain queue would. */
  const runNextDrain = async () => {
    scheduled.sort((a, b) => a.at + a.afterMs - (b.at + b.afterMs));
    const next = scheduled.shift();
    if (!next) throw new Error('no drain scheduled');
    clock.now = Math.max(clock.now, next.at + next.afterMs);
    return service.drain(next.module);
  };
  return { store, service, sleep, clock, scheduled, runNextDrain };
}

const stateEvent = (id: string, type: string, offsetMs: number): Envelope =>
  armEvent(id, type, new Date(START + offsetMs).toISOString());

describe('Class: ModuleService', () => {
  it('applies a normal event at once by default: one snapshot, one commit, no inbox, no wait', async () => {
    // Prepare
    const { store, service, sleep, scheduled } = setup();

    // Act
    const result = await service.receive(stateEvent('e1', 'START', 0));

    // Assess
    expect(result).toEqual({ queued: false, drained: [{ outcome: 'applied', eventId: 'e1', version: 1 }] });
    expect(store.calls).toEqual(['snapshot', 'commit']);
    expect(sleep).not.toHaveBeenCalled();
    expect(scheduled).toEqual([]);
  });

  it('answers a redelivery of an event applied directly as nothing to do', async () => {
    // Prepare
    const { service } = setup();
    await service.receive(stateEvent('e1', 'START', 0));

    // Act
    const again = await service.receive(stateEvent('e1', 'START', 0));

    // Assess
    expect(again).toEqual({ queued: false, drained: [] });
  });

  it('queues behind a backlog with no window, and an EMERGENCY_STOP goes ahead of it, without waiting', async () => {
    // Prepare: an active module, and two normal events left waiting (their deliveries met contention)
    const { store, service, sleep, clock } = setup();
    await service.receive(stateEvent('e1', 'START', 0));
    await service.receive(stateEvent('e2', 'INIT_SUCCESS', 1));
    for (const [id, type, offset] of [
      ['e3', 'SET_READY', 2],
      ['e4', 'TASK_START', 3],
    ] as const)
      await store.enqueue({
        module: 'arm',
        id,
        type,
        time: stateEvent(id, type, offset).time,
        priority: 'normal',
        enqueuedAt: clock.now,
      });

    // Act
    const stop = await service.receive(stateEvent('e5', 'EMERGENCY_STOP', 4));

    // Assess
    expect(stop.drained.map((d) => d.eventId)).toEqual(['e5']);
    expect(store.states.get('arm')?.state.lifecycle).toBe('ShuttingDown');
    expect(sleep).not.toHaveBeenCalled();
  });

  it('refuses a reorder window without a way to schedule drains', () => {
    // Act
    const build = () =>
      new ModuleService({
        store: new MemoryModuleStore(),
        announce: async () => {},
        newId: () => 'x',
        now: () => START,
        reorderWindowMs: 2_000,
      });

    // Assess
    expect(build).toThrow(/scheduleDrain/);
  });
});

describe('Class: ModuleService, with a reorder window (scheduled drains, no waiting)', () => {
  it('returns at once with a drain scheduled for the window, without sleeping or moving the clock', async () => {
    // Prepare
    const { store, service, sleep, clock, scheduled } = setup(2_000);

    // Act
    const result = await service.receive(stateEvent('e1', 'START', 0));

    // Assess: the invocation is over before the window elapsed
    expect(result).toEqual({ queued: true, drained: [], scheduledInMs: 2_000 });
    expect(clock.now).toBe(START);
    expect(sleep).not.toHaveBeenCalled();
    expect(scheduled).toEqual([{ module: 'arm', afterMs: 2_000, at: START }]);
    expect(store.states.get('arm')).toBeUndefined();
  });

  it('applies an out-of-order pair inside the window in producer order', async () => {
    // Prepare: the producer sent SET_READY, then TASK_START; TASK_START arrives first, SET_READY 500 ms later
    const { store, service, clock, scheduled, runNextDrain } = setup(2_000);
    await service.receive(stateEvent('late', 'TASK_START', 1));
    clock.now += 500;
    await service.receive(stateEvent('early', 'SET_READY', 0));

    // Act: the first drain comes when TASK_START is due, but SET_READY now heads the inbox and is not
    const first = await runNextDrain();
    const second = await runNextDrain();

    // Assess
    expect(first).toEqual({ drained: [], scheduledInMs: 500 });
    expect(second.drained.map((d) => [d.eventId, d.outcome])).toEqual([
      ['early', 'applied'],
      ['late', 'applied'],
    ]);
    expect(store.states.get('arm')).toMatchObject({ version: 2, state: { operational: 'Running' } });
    expect(clock.now).toBe(START + 2_500);
    expect((await runNextDrain()).drained).toEqual([]); // the drain scheduled by SET_READY's arrival finds nothing
    expect(scheduled).toEqual([]);
  });

  it('applies a high-priority event at once, ahead of a backlog that waits for its window', async () => {
    // Prepare: two normal events waiting
    const { store, service, runNextDrain } = setup(2_000);
    await service.receive(stateEvent('e1', 'START', 0));
    await service.receive(stateEvent('e2', 'INIT_SUCCESS', 1));

    // Act
    const fault = await service.receive(stateEvent('e3', 'FAULT', 2));

    // Assess: FAULT applied in its own invocation, the backlog untouched until its drain
    expect(fault.drained).toEqual([{ outcome: 'applied', eventId: 'e3', version: 1 }]);
    expect(fault.scheduledInMs).toBeUndefined(); // the backlog's own deliveries scheduled its drains
    expect(store.states.get('arm')?.state).toMatchObject({ lifecycle: 'Offline', health: 'Critical' });
    expect((await runNextDrain()).drained.map((d) => d.eventId)).toEqual(['e1', 'e2']);
    expect(store.states.get('arm')).toMatchObject({ version: 3, state: { lifecycle: 'Active' } });
  });

  it('counts a redelivered event and a redelivered drain message once', async () => {
    // Prepare
    const { store, service, runNextDrain } = setup(2_000);
    const event = stateEvent('e1', 'START', 0);
    await service.receive(event);
    const redelivered = await service.receive(event);

    // Act: both drains run (one per delivery), then the event is delivered once more
    const drains = [await runNextDrain(), await runNextDrain()];
    const late = await service.receive(event);

    // Assess
    expect(redelivered).toMatchObject({ queued: false, drained: [] });
    expect(drains.map((d) => d.drained.length)).toEqual([1, 0]);
    expect(late).toEqual({ queued: false, drained: [] });
    expect(store.states.get('arm')?.version).toBe(1);
  });
});
