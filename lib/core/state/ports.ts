import type { LayerChange } from './apply.ts';
import type { ModuleState } from './model.ts';
import type { EventPriority } from './priority.ts';

/** A module's current state as stored: the three layers, the version of the last change, when. */
export interface StoredModule {
  readonly module: string;
  readonly state: ModuleState;
  /** 0 before the first change; each applied event adds one. */
  readonly version: number;
  readonly updatedAt: string;
}

/** An event waiting in its module's inbox (async path), in the order compareQueued gives. */
export interface InboxItem {
  readonly module: string;
  /** The event's id. */
  readonly id: string;
  readonly type: string;
  readonly data?: Record<string, unknown>;
  /** The producer's time. */
  readonly time: string;
  readonly priority: EventPriority;
  /** When it reached the inbox (ms): the reorder window runs from here. */
  readonly enqueuedAt: number;
}

/** One line of the append-only transition log. */
export interface TransitionRecord {
  readonly module: string;
  readonly version: number;
  readonly event: string;
  readonly eventId: string;
  readonly changes: readonly LayerChange[];
  /** The state after this transition: time travel reads it instead of folding the whole log. */
  readonly state: ModuleState;
  /** When Vigil applied it; never earlier than the transition before (see DynamoModuleStore). */
  readonly appliedAt: string;
  /** The producer's time of the event (the request time for the admin route). */
  readonly time: string;
  readonly origin: 'producer' | 'admin';
  /** On the admin path, the signed IAM caller. */
  readonly by?: string;
  /** On the admin path, whom the caller said they acted for: a display note, not the actor. */
  readonly onBehalfOf?: string;
}

export type CommitOutcome = 'applied' | 'conflict' | 'already-applied';

/** An applied change: the new state, its log line, and the inbox item it consumes (async path). */
export interface ApplyCommit {
  readonly kind: 'apply';
  readonly expectedVersion: number;
  readonly module: StoredModule;
  readonly record: TransitionRecord;
  readonly inboxItem?: InboxItem;
}

/** A refused event: nothing changes, but the event is marked handled (against the version it was refused at). */
export interface RejectCommit {
  readonly kind: 'reject';
  readonly module: string;
  readonly expectedVersion: number;
  readonly eventId: string;
  readonly error: { readonly code: string; readonly message: string };
  readonly inboxItem?: InboxItem;
}

export interface Page<T> {
  readonly items: T[];
  /** Where the next page starts; absent on the last page. */
  readonly after?: string;
}

/** A module's state and whether anything waits in its inbox, read together. */
export interface ModuleSnapshot {
  readonly current?: StoredModule;
  readonly inboxWaiting: boolean;
}

/** The Modules table as the state logic needs it; every write is conditional. */
export interface ModuleStore {
  get(module: string): Promise<StoredModule | undefined>;
  /** The state and whether the inbox is empty, in one strongly consistent read (the direct path). */
  snapshot(module: string): Promise<ModuleSnapshot>;
  /** Removes an inbox item whose event was handled without it (applied directly by another delivery). */
  discard(item: InboxItem): Promise<void>;
  /** `already-applied` when the event was handled before (redelivery), `already-queued` when it waits already. */
  enqueue(item: InboxItem): Promise<'queued' | 'already-queued' | 'already-applied'>;
  /** The module's waiting events, in queue order. */
  inbox(module: string): Promise<InboxItem[]>;
  /** The first waiting event in queue order, if any. */
  inboxHead(module: string): Promise<InboxItem | undefined>;
  /** Whether the event still waits in its module's inbox. */
  isQueued(item: InboxItem): Promise<boolean>;
  /** One transaction, conditional on the module's version (and on the inbox item still waiting). */
  commit(change: ApplyCommit | RejectCommit): Promise<CommitOutcome>;
  /** Log lines applied in [from, to], oldest first. */
  transitions(
    module: string,
    range: { from?: string; to?: string; limit: number; after?: string },
  ): Promise<Page<TransitionRecord>>;
  /** The last log line applied at or before `at`. */
  transitionAt(module: string, at: string): Promise<TransitionRecord | undefined>;
  list(page: { limit: number; after?: string }): Promise<Page<StoredModule>>;
}
