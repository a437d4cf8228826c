import { VigilError } from '../errors.ts';

/** `GET /events/{id}`: no live history item has this id (never accepted, or past its retention). */
export class EventNotFoundError extends VigilError {
  readonly code = 'EVENT_NOT_FOUND';
  override readonly status = 404;

  constructor(readonly id: string) {
    super(`id: no event ${id} in history (unknown, or older than the retention)`, { field: 'id' });
  }
}
