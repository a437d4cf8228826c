import { VigilError } from '../errors.ts';
import type { AlertAction, AlertState } from './lifecycle.ts';

/** An acknowledge or resolve that the alert's current state does not allow (HTTP 409). */
export class IllegalAlertTransitionError extends VigilError {
  readonly code = 'ILLEGAL_TRANSITION';

  constructor(
    readonly current: AlertState,
    readonly action: AlertAction,
  ) {
    super(`cannot ${action} an alert that is ${current}`);
  }
}

export class AlertNotFoundError extends VigilError {
  readonly code = 'ALERT_NOT_FOUND';
}

/** Someone changed the alert between reading and writing it (e.g. an ack racing a resolve): 409. */
export class AlertConflictError extends VigilError {
  readonly code = 'ALERT_CONFLICT';

  constructor(readonly current: AlertState) {
    super(`the alert changed meanwhile; it is now ${current}`);
  }
}

/** Too many concurrent writes to one alert in a row: the event is not applied, and its delivery is retried. */
export class AlertContentionError extends VigilError {
  readonly code = 'ALERT_CONTENTION';
}

export class SilenceNotFoundError extends VigilError {
  readonly code = 'SILENCE_NOT_FOUND';
}
