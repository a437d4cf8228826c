import { IllegalAlertTransitionError } from './errors.ts';

export const ALERT_STATES = ['new', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const ALERT_ACTIONS = ['acknowledge', 'resolve'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

/**
 * The lifecycle as data: new → acknowledged → resolved, and new → resolved. Everything else is
 * illegal. `resolved` is final; a new event of the fingerprint opens a new alert instead.
 */
export const ALERT_TRANSITIONS: Readonly<Record<AlertState, Partial<Record<AlertAction, AlertState>>>> = {
  new: { acknowledge: 'acknowledged', resolve: 'resolved' },
  acknowledged: { resolve: 'resolved' },
  resolved: {},
};

/** The state after `action`, or IllegalAlertTransitionError naming the current state. */
export function nextAlertState(current: AlertState, action: AlertAction): AlertState {
  const next = ALERT_TRANSITIONS[current][action];
  if (!next) throw new IllegalAlertTransitionError(current, action);
  return next;
}

/** An alert is open (counts repeats, can escalate) until it is resolved. */
export function isOpen(state: AlertState): boolean {
  return state !== 'resolved';
}
