import { VigilError } from '../errors.ts';
import type { AlertAction, AlertState } from './lifecycle.ts';

/** An acknowledge or resolve that the alert's current state does not allow (HTTP 409). */
export class IllegalAlertTransitionError extends VigilError {
  readonly code = 'ILLEGAL_TRANSITION';
  override readonly status = 409;

  constructor(
    readonly current: AlertState,
    readonly action: AlertAction,
  ) {
    super(`cannot ${action} an alert that is ${current}`);
  }
}

export class AlertNotFoundError extends VigilError {
  readonly code = 'ALERT_NOT_FOUND';
  override readonly status = 404;
}

/** Someone changed the alert between reading and writing it (e.g. an ack racing a resolve): 409. */
export class AlertConflictError extends VigilError {
  readonly code = 'ALERT_CONFLICT';
  override readonly status = 409;

  constructor(readonly current: AlertState) {
    super(`the alert changed meanwhile; it is now ${current}`);
  }
}

/** Too many concurrent writes to one alert in a row: the event is not applied, and its delivery is retried. */
export class AlertContentionError extends VigilError {
  readonly code = 'ALERT_CONTENTION';
  override readonly status = 503;
}

export class SilenceNotFoundError extends VigilError {
  readonly code = 'SILENCE_NOT_FOUND';
  override readonly status = 404;
}
