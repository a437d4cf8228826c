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

/** The Modules table in memory, with the same conditions as DynamoModuleStore; counts its calls. */
export class MemoryModuleStore implements Pick<ModuleStore, keyof ModuleStore> {
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

/** A `state.<type>` event for module `arm`, as ingest publishes it, produced at `time`. */
export function armEvent(id: string, type: string, time: string): Envelope {
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
