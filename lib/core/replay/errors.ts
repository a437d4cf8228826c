import { VigilError } from '../errors.ts';

export class ReplayNotFoundError extends VigilError {
  readonly code = 'REPLAY_NOT_FOUND';
  override readonly status = 404;
}

/** Cancelling a replay that already ended (HTTP 409). */
export class ReplayFinishedError extends VigilError {
  readonly code = 'REPLAY_FINISHED';
  override readonly status = 409;
}
