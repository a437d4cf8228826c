import { describe, expect, it, vi } from 'vitest';
import type { Envelope } from '#lib/core/envelope.ts';
import type {
  ApplyCommit,
  CommitOutcome,
  InboxItem,
  ModuleStore,
  RejectCommit,
  StoredModule,
} from '#lib/core/state/ports.ts';
import { compareQueued } from '#lib/core/state/priority.ts';
import { ModuleService } from '#lib/core/state/service.ts';

/** The Modules table in memory, with the same conditions as DynamoModuleStore; counts its calls. */
class MemoryModuleStore implements Pick<ModuleStore, keyof ModuleStore> {
  readonly calls: string[] = [];
  readonly states = new Map<string, StoredModule>();
  readonly markers = new Set<string>();
  readonly queued = new Map<string, InboxItem>();

  async get(module: string) {
    this.calls.push('get');
    return this.states.get(module);
  }
  async snapshot(module: string) {
    this.calls.push('snapshot');
    const current = this.states.get(module);
    return { ...(current ? { current } : {}), inboxWaiting: this.waiting(module).length > 0 };
  }
  async discard(item: InboxItem) {
    this.calls.push('discard');
    this.queued.delete(item.id);
  }
  async enqueue(item: InboxItem) {
    this.calls.push('enqueue');
    if (this.markers.has(item.id)) return 'already-applied' as const;
    if (this.queued.has(item.id)) return 'already-queued' as const;
    this.queued.set(item.id, item);
    return 'queued' as const;
  }
  async inbox(module: string) {
    return this.waiting(module);
  }
  async inboxHead(module: string) {
    this.calls.push('inboxHead');
    return this.waiting(module)[0];
  }
  async isQueued(item: InboxItem) {
    this.calls.push('isQueued');
    return this.queued.has(item.id);
  }
  async commit(change: ApplyCommit | RejectCommit): Promise<CommitOutcome> {
    this.calls.push('commit');
    const module = change.kind === 'apply' ? change.module.module : change.module;
    const eventId = change.kind === 'apply' ? change.record.eventId : change.eventId;
    if ((this.states.get(module)?.version ?? 0) !== change.expectedVersion) return 'conflict';
    if (this.markers.has(eventId)) return 'already-applied';
    if (change.inboxItem && !this.queued.has(change.inboxItem.id)) return 'conflict';
    if (change.kind === 'apply') this.states.set(module, change.module);
    this.markers.add(eventId);
    if (change.inboxItem) this.queued.delete(change.inboxItem.id);
    return 'applied';
  }
  async transitions() {
    return { items: [] };
  }
  async transitionAt() {
    return undefined;
  }
  async list() {
    return { items: [] };
  }

  private waiting(module: string): InboxItem[] {
    return [...this.queued.values()].filter((item) => item.module === module).sort(compareQueued);
  }
}

const START = Date.parse('2026-11-27T10:00:00.000Z');

function setup(reorderWindowMs?: number) {
  const store = new MemoryModuleStore();
  const clock = { now: START };
  const sleep = vi.fn(async (ms: number) => {
    clock.now += ms;
  });
  let ids = 0;
  const service = new ModuleService({
    store,
    announce: async () => {},
    newId: () => `id-${++ids}`,
    now: () => clock.now,
    sleep,
    ...(reorderWindowMs === undefined ? {} : { reorderWindowMs }),
  });
  return { store, service, sleep, clock };
}

function stateEvent(id: string, type: string, offsetMs: number): Envelope {
  const time = new Date(START + offsetMs).toISOString();
  return {
    id,
    source: 'cell',
    type: `state.${type}`,
    severity: 'INFO',
    time,
    receivedAt: time,
    module: 'arm',
  };
}

describe('Class: ModuleService', () => {
  it('applies a normal event at once by default: one snapshot, one commit, no inbox, no wait', async () => {
    // Prepare
    const { store, service, sleep } = setup();

    // Act
    const result = await service.receive(stateEvent('e1', 'START', 0));

    // Assess
    expect(result).toEqual({ queued: false, drained: [{ outcome: 'applied', eventId: 'e1', version: 1 }] });
    expect(store.calls).toEqual(['snapshot', 'commit']);
    expect(sleep).not.toHaveBeenCalled();
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

  it('with a window, holds a normal event until it is due, then applies a late earlier-produced one first', async () => {
    // Prepare
    const { store, service, sleep } = setup(2_000);
    const late = stateEvent('e1', 'START', 0);
    const early = stateEvent('e2', 'INIT_SUCCESS', 1_000);
    await store.enqueue({
      module: 'arm',
      id: early.id,
      type: 'INIT_SUCCESS',
      time: early.time,
      priority: 'normal',
      enqueuedAt: START,
    });

    // Act
    const result = await service.receive(late);

    // Assess
    expect(sleep).toHaveBeenCalledWith(2_000);
    expect(result.drained.map((d) => [d.eventId, d.outcome])).toEqual([['e1', 'applied']]);
    expect(store.states.get('arm')?.version).toBe(1);
    expect(store.calls).not.toContain('snapshot');
  });
});
