import { randomUUID } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import type { IdSource } from '../core/ingest/ports.ts';

/** Monotonic ULIDs: ids made in the same millisecond still sort in the order they were made. */
export function ulidIdSource(): IdSource {
  const next = monotonicFactory();
  return { eventId: (nowMs) => next(nowMs), token: () => randomUUID() };
}
