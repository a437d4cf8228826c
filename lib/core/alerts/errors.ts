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
