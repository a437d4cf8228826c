import type { Actor } from '../admin/actor.ts';
import { CONFLICT_BACKOFF, pause, type Timing } from '../backoff.ts';
import type { Envelope } from '../envelope.ts';
import { type Alert, type AlertNotification, decideAlertEvent, withAction } from './alert.ts';
import {
  AUTO_RESOLVER,
  autoResolveNote,
  isQuiet,
  type ResolveTimeout,
  resolveTimeoutFor,
} from './auto-resolve.ts';
import { AlertConflictError, AlertContentionError, AlertNotFoundError } from './errors.ts';
import { fingerprintOf } from './fingerprint.ts';
import type { AlertAction } from './lifecycle.ts';
import type { AlertStore, TimelineEntry } from './ports.ts';

export type EventOutcome =
  | {
      readonly outcome: 'opened' | 'repeated' | 'resolved';
      readonly alert: Alert;
      readonly notifications: readonly AlertNotification[];
    }
  | { readonly outcome: 'duplicate' | 'ignored'; readonly reason: string };

export interface AlertServiceDeps extends Timing {
  readonly store: AlertStore;
  readonly now: () => number;
  /** Whether an active silence matches the event. */
  readonly isSilenced: (event: Envelope) => Promise<boolean>;
}

/** Optimistic writes against concurrent events of one fingerprint: read, decide, write-if-unchanged, repeat. */
const MAX_ATTEMPTS = 25;

export class AlertService {
  constructor(private readonly deps: AlertServiceDeps) {}

  /** Applies one WARNING/CRITICAL event (or a producer's resolve): exactly once per event id. */
  async handleEvent(event: Envelope): Promise<EventOutcome> {
    // The silences and the first read of the open alert do not depend on each other.
    const [silenced, firstOpen] = await Promise.all([
      this.deps.isSilenced(event),
      this.deps.store.findOpen(fingerprintOf(event)),
    ]);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const open = attempt === 0 ? firstOpen : await this.deps.store.findOpen(fingerprintOf(event));
      const decision = decideAlertEvent(open?.alert, event, silenced);
      if (decision.kind === 'ignore') return { outcome: 'ignored', reason: decision.reason };
      const kind =
        decision.kind === 'open'
          ? 'opened'
          : decision.kind === 'resolve'
            ? 'resolved'
            : decision.notifications.includes('alert.escalated')
              ? 'escalated'
              : 'repeated';
      const entry: TimelineEntry = {
        at: event.time,
        eventId: event.id,
        severity: event.severity,
        kind,
        ...(decision.kind === 'resolve' ? { by: decision.alert.resolvedBy } : {}),
      };
      const written =
        decision.kind === 'open' || !open
          ? await this.deps.store.create(decision.alert, entry)
          : await this.deps.store.update(decision.alert, open.version, entry);
      if (written === 'already-applied')
        return { outcome: 'duplicate', reason: `event ${event.id} was applied before` };
      if (written === 'applied') {
        // An escalation is a repeat that raised the severity: the outcome names only what was done.
        const outcome = kind === 'escalated' ? 'repeated' : kind;
        return { outcome, alert: decision.alert, notifications: decision.notifications };
      }
      await pause(CONFLICT_BACKOFF, attempt, this.deps);
    }
    throw new AlertContentionError(
      `gave up on event ${event.id} after ${MAX_ATTEMPTS} conflicting writes; its delivery will be retried`,
    );
  }

  /**
   * Resolves an alert the sweep found quiet, if it still is when read again: an event arriving
   * meanwhile either lands first (the alert is no longer quiet) or conflicts with this write, which
   * then gives way. Returns the resolved alert, or undefined when it gave way.
   */
  async autoResolve(id: string, timeouts: readonly ResolveTimeout[]): Promise<Alert | undefined> {
    const stored = await this.deps.store.get(id);
    const now = this.deps.now();
    if (!stored || !isQuiet(stored.alert, timeouts, now)) return undefined;
    const at = new Date(now).toISOString();
    const note = autoResolveNote(stored.alert, resolveTimeoutFor(stored.alert, timeouts) ?? 0);
    const alert = withAction(stored.alert, 'resolve', AUTO_RESOLVER, note, at);
    const entry: TimelineEntry = { at, kind: 'resolved', by: AUTO_RESOLVER, note };
    const written = await this.deps.store.update(alert, stored.version, entry);
    return written === 'applied' ? alert : undefined;
  }

  /**
   * A person acknowledges or resolves: `actor.by` is who did it (the signed caller), `onBehalfOf`
   * a name they gave. No retry on conflict: a change they did not see answers 409.
   */
  async act(id: string, action: AlertAction, actor: Actor, note?: string): Promise<Alert> {
    const stored = await this.deps.store.get(id);
    if (!stored) throw new AlertNotFoundError(`no alert ${id}`);
    const at = new Date(this.deps.now()).toISOString();
    const alert = withAction(stored.alert, action, actor.by, note, at, actor.onBehalfOf);
    const entry: TimelineEntry = {
      at,
      kind: action === 'acknowledge' ? 'acknowledged' : 'resolved',
      by: actor.by,
      ...(actor.onBehalfOf === undefined ? {} : { onBehalfOf: actor.onBehalfOf }),
      ...(note === undefined ? {} : { note }),
    };
    const written = await this.deps.store.update(alert, stored.version, entry);
    if (written !== 'applied') {
      const current = await this.deps.store.get(id);
      throw new AlertConflictError(current?.alert.state ?? stored.alert.state);
    }
    return alert;
  }
}
