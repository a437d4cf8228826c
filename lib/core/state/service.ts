import { CONFLICT_BACKOFF, pause, realSleep, type Timing } from '../backoff.ts';
import type { Envelope } from '../envelope.ts';
import { VigilError } from '../errors.ts';
import { type ApplyContext, type ApplyResult, apply } from './apply.ts';
import { StateContentionError } from './errors.ts';
import { nextInboxStep } from './inbox.ts';
import { INITIAL_STATE } from './model.ts';
import { rejectedNotification, transitionedNotification } from './notifications.ts';
import type { InboxItem, ModuleStore, StoredModule, TransitionRecord } from './ports.ts';
import { priorityOf } from './priority.ts';

export const STATE_EVENT_PREFIX = 'state.';

/** What applying a change now needs (admin's sync path): the module and its log, not the inbox. */
export interface ModuleChangesDeps extends Timing {
  readonly store: Pick<ModuleStore, 'get' | 'commit'>;
  /** Announces transitions and refusals (bus Source `vigil.state`); failures are the caller's to log. */
  readonly announce: (notifications: Envelope[]) => Promise<void>;
  readonly newId: () => string;
  readonly now: () => number;
}

export interface ModuleServiceDeps extends ModuleChangesDeps {
  readonly store: ModuleStore;
  /** How long a normal event waits in the inbox for earlier-produced ones; 0 applies at once. @default 0 */
  readonly reorderWindowMs?: number;
  /**
   * Asks for `drain(module)` to run again in `afterMs` (the head's due time), outside this
   * invocation: a drain never waits. Required with a reorder window.
   */
  readonly scheduleDrain?: (module: string, afterMs: number) => Promise<void>;
}

/** What a drain did: the events it handled, and when it asked to run again (a head not yet due). */
export interface DrainResult {
  readonly drained: DrainedEvent[];
  readonly scheduledInMs?: number;
}

export type SyncOutcome =
  | { readonly outcome: 'applied'; readonly module: StoredModule; readonly record: TransitionRecord }
  | { readonly outcome: 'rejected'; readonly module: StoredModule; readonly error: VigilError };

/** A step's result while draining: what happened to the head of the inbox. */
export type DrainedEvent =
  | { readonly outcome: 'applied'; readonly eventId: string; readonly version: number }
  | { readonly outcome: 'rejected'; readonly eventId: string; readonly code: string };

/** What one read-decide-commit step did. */
type StepResult =
  | { readonly written: 'conflict' | 'already-applied' }
  | {
      readonly written: 'applied';
      readonly drained: DrainedEvent;
      readonly applied?: { module: StoredModule; record: TransitionRecord };
      readonly refusal?: VigilError;
    };

/** Optimistic writes on one module: read, decide, write-if-unchanged, repeat. */
const MAX_CONFLICTS = 50;

/**
 * Module state machines on their store. Every change is applied against the version it read and
 * commits only if that version is still current, so changes to one module are serial (linearizable)
 * however many functions run at once. This part applies a change now (admin's sync path); the
 * ModuleService below adds the inbox (the async path), which the admin function does not carry.
 */
export class ModuleChanges<Deps extends ModuleChangesDeps = ModuleChangesDeps> {
  constructor(protected readonly deps: Deps) {}

  /**
   * Sync path (admin): applies one event now, outside the inbox. Throws the refusal (an
   * InvalidTransitionError is the 409) after recording it; retries only lost races.
   */
  async applyNow(
    module: string,
    event: { type: string; data?: Record<string, unknown> },
    context: ApplyContext,
  ): Promise<{ module: StoredModule; record: TransitionRecord }> {
    const now = new Date(this.deps.now()).toISOString();
    const item: InboxItem = {
      module,
      id: this.deps.newId(),
      type: event.type,
      ...(event.data === undefined ? {} : { data: event.data }),
      time: now,
      priority: priorityOf(event.type),
      enqueuedAt: this.deps.now(),
    };
    for (let conflicts = 0; conflicts < MAX_CONFLICTS; conflicts++) {
      const result = await this.applyOnce(module, item, context);
      if (result.written === 'conflict') {
        await pause(CONFLICT_BACKOFF, conflicts, this.deps);
        continue;
      }
      if (result.written !== 'applied') throw new StateContentionError(`event ${item.id} was handled before`); // a fresh id: cannot happen
      if (result.refusal) throw result.refusal;
      if (!result.applied) throw new StateContentionError(`event ${item.id} was not applied`);
      return result.applied;
    }
    throw new StateContentionError(`gave up on module ${module} after ${MAX_CONFLICTS} conflicting writes`);
  }

  /** Reads the module (unless given what was read), decides, and commits against that version. */
  protected async applyOnce(
    module: string,
    item: InboxItem,
    context: ApplyContext,
    options: { inboxItem?: InboxItem; read?: { current: StoredModule | undefined } } = {},
  ): Promise<StepResult> {
    const { inboxItem } = options;
    const current = options.read ? options.read.current : await this.deps.store.get(module);
    const version = current?.version ?? 0;
    let result: ApplyResult;
    try {
      result = apply(current?.state ?? INITIAL_STATE, { type: item.type, data: item.data }, context);
    } catch (error) {
      if (!(error instanceof VigilError)) throw error;
      return this.refuse(module, item, error, version, inboxItem);
    }
    const nowIso = new Date(this.deps.now()).toISOString();
    // Never before the previous change: the log's time order is then its version order, even with skewed clocks.
    const appliedAt = current && current.updatedAt > nowIso ? current.updatedAt : nowIso;
    const next: StoredModule = { module, state: result.next, version: version + 1, updatedAt: appliedAt };
    const record: TransitionRecord = {
      module,
      version: version + 1,
      event: item.type,
      eventId: item.id,
      changes: result.changes,
      state: result.next,
      appliedAt,
      time: item.time,
      origin: context.origin,
      ...(context.by ? { by: context.by } : {}),
      ...(context.origin === 'admin' && context.onBehalfOf ? { onBehalfOf: context.onBehalfOf } : {}),
    };
    const written = await this.deps.store.commit({
      kind: 'apply',
      expectedVersion: version,
      module: next,
      record,
      ...(inboxItem ? { inboxItem } : {}),
    });
    if (written !== 'applied') return { written };
    await this.deps.announce(
      result.changes.map((change) =>
        transitionedNotification(module, change, {
          version: next.version,
          eventId: item.id,
          id: this.deps.newId(),
          at: appliedAt,
        }),
      ),
    );
    return {
      written,
      drained: { outcome: 'applied', eventId: item.id, version: next.version },
      applied: { module: next, record },
    };
  }

  /** Commits a refusal against the version it was decided on (nothing changes), then announces it. */
  private async refuse(
    module: string,
    item: InboxItem,
    error: VigilError,
    version: number,
    inboxItem: InboxItem | undefined,
  ): Promise<StepResult> {
    const refusal = { code: error.code, message: error.message };
    const written = await this.deps.store.commit({
      kind: 'reject',
      module,
      expectedVersion: version,
      eventId: item.id,
      error: refusal,
      ...(inboxItem ? { inboxItem } : {}),
    });
    if (written !== 'applied') return { written };
    await this.deps.announce([
      rejectedNotification(module, item, refusal, {
        version,
        id: this.deps.newId(),
        at: new Date(this.deps.now()).toISOString(),
      }),
    ]);
    return { written, drained: { outcome: 'rejected', eventId: item.id, code: error.code }, refusal: error };
  }
}

/** The module state machines with their inbox: the async path of the state function. */
export class ModuleService extends ModuleChanges<ModuleServiceDeps> {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly reorderWindowMs: number;

  constructor(deps: ModuleServiceDeps) {
    super(deps);
    this.sleep = deps.sleep ?? realSleep;
    this.reorderWindowMs = deps.reorderWindowMs ?? 0;
    if (this.reorderWindowMs > 0 && !deps.scheduleDrain)
      throw new Error('a reorder window needs scheduleDrain: a drain never waits in its invocation');
  }

  /**
   * Async path, idempotent by event id. With no reorder window and nothing waiting for the module,
   * the event is applied at once: read, apply, commit (no inbox). Otherwise, or when that commit
   * meets a concurrent change, it is queued in its module's inbox, and the inbox is drained until
   * this event has been handled (by this call or a concurrent one), or until a head that is not yet
   * due: then a drain is scheduled for its due time and the call returns without waiting.
   */
  async receive(event: Envelope): Promise<{ queued: boolean } & DrainResult> {
    if (!event.module) throw new Error(`state event ${event.id} has no module`);
    const type = event.type.slice(STATE_EVENT_PREFIX.length);
    const item: InboxItem = {
      module: event.module,
      id: event.id,
      type,
      ...(event.data === undefined ? {} : { data: event.data }),
      time: event.time,
      priority: priorityOf(type, event.priority),
      enqueuedAt: this.deps.now(),
    };
    if (this.reorderWindowMs === 0) {
      const direct = await this.applyDirectly(item);
      if (direct) return direct;
    }
    const queued = await this.deps.store.enqueue(item);
    if (queued === 'already-applied') return { queued: false, drained: [] };
    return { queued: queued === 'queued', ...(await this.drain(event.module, item)) };
  }

  /**
   * The direct path: one read (state, and whether the inbox is empty), one transaction. Undefined
   * when the inbox must take the event: something waits there (it arrived first), or a concurrent
   * change won the version.
   */
  private async applyDirectly(
    item: InboxItem,
  ): Promise<{ queued: false; drained: DrainedEvent[] } | undefined> {
    const { current, inboxWaiting } = await this.deps.store.snapshot(item.module);
    if (inboxWaiting) return undefined;
    const result = await this.applyOnce(item.module, item, { origin: 'producer' }, { read: { current } });
    if (result.written === 'conflict') return undefined;
    return { queued: false, drained: result.written === 'applied' ? [result.drained] : [] };
  }

  /**
   * Applies the module's due inbox events in queue order until `until` is handled (or the inbox is
   * empty). Reads only the head of the inbox and whether `until` still waits, so a long backlog
   * costs one small read per step, not the whole queue. A head not yet due is never waited for:
   * a drain is scheduled for when it is due (the scheduled drain passes no `until`), and this one ends.
   */
  async drain(module: string, until?: InboxItem): Promise<DrainResult> {
    const drained: DrainedEvent[] = [];
    let conflicts = 0;
    for (;;) {
      if (until !== undefined && !(await this.deps.store.isQueued(until))) return { drained };
      const head = await this.deps.store.inboxHead(module);
      const step = nextInboxStep(head ? [head] : [], this.deps.now(), this.reorderWindowMs);
      if (step.kind === 'empty') return { drained };
      if (step.kind === 'wait') {
        await this.deps.scheduleDrain?.(module, step.ms);
        return { drained, scheduledInMs: step.ms };
      }
      const result = await this.applyOnce(
        module,
        step.item,
        { origin: 'producer' },
        { inboxItem: step.item },
      );
      if (result.written === 'already-applied') {
        // Handled without its inbox item: another delivery of it took the direct path meanwhile,
        // or a concurrent drain consumed it. Either way the head is done; drop it if it is left.
        await this.deps.store.discard(step.item);
        continue;
      }
      if (result.written !== 'applied') {
        // In a row: a drain that keeps making progress under contention never gives up.
        if (++conflicts >= MAX_CONFLICTS)
          throw new StateContentionError(
            `gave up on module ${module} after ${MAX_CONFLICTS} conflicting writes`,
          );
        await pause(CONFLICT_BACKOFF, conflicts, this.deps);
        continue;
      }
      conflicts = 0;
      drained.push(result.drained);
    }
  }
}
