import type { Envelope, Severity } from '../envelope.ts';
import { fingerprintOf } from './fingerprint.ts';
import { type AlertAction, type AlertState, isOpen, nextAlertState } from './lifecycle.ts';

export interface Alert {
  readonly id: string;
  readonly fingerprint: string;
  readonly state: AlertState;
  readonly severity: Severity;
  readonly source: string;
  readonly type: string;
  readonly alertKey?: string;
  readonly count: number;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  readonly lastMessage?: string;
  readonly lastEventId: string;
  /** The signed IAM caller who acknowledged (or the system actor). */
  readonly acknowledgedBy?: string;
  /** A name the caller gave as whom they acted for: a display note, not the actor. */
  readonly acknowledgedOnBehalfOf?: string;
  readonly acknowledgedAt?: string;
  readonly acknowledgeNote?: string;
  readonly resolvedBy?: string;
  readonly resolvedOnBehalfOf?: string;
  readonly resolvedAt?: string;
  readonly resolutionNotes?: string;
}

export type AlertNotification = 'alert.opened' | 'alert.escalated' | 'alert.acknowledged' | 'alert.resolved';

const RANK: Readonly<Record<Severity, number>> = { INFO: 0, WARNING: 1, CRITICAL: 2 };

/** The higher of two severities: an alert escalates, it never downgrades. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return RANK[b] > RANK[a] ? b : a;
}

/**
 * The alert an event opens. Its id is the event's id (a ULID): the alert item is then also the
 * marker of its opening event, so that event can never count again, however long the alert lives.
 */
export function openAlertFrom(event: Envelope): Alert {
  return {
    id: event.id,
    fingerprint: fingerprintOf(event),
    state: 'new',
    severity: event.severity,
    source: event.source,
    type: event.type,
    ...(event.alertKey === undefined ? {} : { alertKey: event.alertKey }),
    count: 1,
    firstSeenAt: event.time,
    lastSeenAt: event.time,
    ...(event.message === undefined ? {} : { lastMessage: event.message }),
    lastEventId: event.id,
  };
}

/** A repeat event of an open alert: one more, the latest message and time, the severity escalated if higher. */
export function withRepeat(alert: Alert, event: Envelope): { alert: Alert; escalated: boolean } {
  const severity = maxSeverity(alert.severity, event.severity);
  return {
    alert: {
      ...alert,
      severity,
      count: alert.count + 1,
      lastSeenAt: event.time > alert.lastSeenAt ? event.time : alert.lastSeenAt,
      ...(event.message === undefined ? {} : { lastMessage: event.message }),
      lastEventId: event.id,
    },
    escalated: severity !== alert.severity,
  };
}

/** Acknowledge or resolve by a person (or a producer), recording who, when and why. */
export function withAction(
  alert: Alert,
  action: AlertAction,
  by: string,
  note: string | undefined,
  at: string,
  onBehalfOf?: string,
): Alert {
  const state = nextAlertState(alert.state, action);
  if (action === 'acknowledge') {
    return {
      ...alert,
      state,
      acknowledgedBy: by,
      ...(onBehalfOf === undefined ? {} : { acknowledgedOnBehalfOf: onBehalfOf }),
      acknowledgedAt: at,
      ...(note === undefined ? {} : { acknowledgeNote: note }),
    };
  }
  return {
    ...alert,
    state,
    resolvedBy: by,
    ...(onBehalfOf === undefined ? {} : { resolvedOnBehalfOf: onBehalfOf }),
    resolvedAt: at,
    ...(note === undefined ? {} : { resolutionNotes: note }),
  };
}

export type AlertDecision =
  | { readonly kind: 'open'; readonly alert: Alert; readonly notifications: readonly AlertNotification[] }
  | { readonly kind: 'repeat'; readonly alert: Alert; readonly notifications: readonly AlertNotification[] }
  | { readonly kind: 'resolve'; readonly alert: Alert; readonly notifications: readonly AlertNotification[] }
  | { readonly kind: 'ignore'; readonly reason: string };

/**
 * What one WARNING/CRITICAL event (or a producer's resolve) does to the open alert of its
 * fingerprint. A silence still lets the event count, but holds back `alert.opened` and
 * `alert.escalated`; a resolve is always announced.
 */
export function decideAlertEvent(open: Alert | undefined, event: Envelope, silenced: boolean): AlertDecision {
  const current = open && isOpen(open.state) ? open : undefined;
  if (event.alertAction === 'resolve') {
    if (!current) return { kind: 'ignore', reason: 'no open alert to resolve' };
    const alert = withAction(current, 'resolve', `producer:${event.source}`, event.message, event.time);
    return { kind: 'resolve', alert, notifications: ['alert.resolved'] };
  }
  if (event.severity === 'INFO') return { kind: 'ignore', reason: 'INFO events do not open alerts' };
  if (!current) {
    return {
      kind: 'open',
      alert: openAlertFrom(event),
      notifications: silenced ? [] : ['alert.opened'],
    };
  }
  const { alert, escalated } = withRepeat(current, event);
  return { kind: 'repeat', alert, notifications: escalated && !silenced ? ['alert.escalated'] : [] };
}
