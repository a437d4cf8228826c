import { VigilError } from '../errors.ts';

export class ReplayNotFoundError extends VigilError {
  readonly code = 'REPLAY_NOT_FOUND';
}

/** Cancelling a replay that already ended (HTTP 409). */
export class ReplayFinishedError extends VigilError {
  readonly code = 'REPLAY_FINISHED';
}
