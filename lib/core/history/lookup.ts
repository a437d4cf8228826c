import { decodeTime } from 'ulid';
import { ulidSchema } from '../envelope.ts';
import type { HistoryKey } from '../ingest/dedup.ts';
import { historyKeyOf } from '../ingest/history-keys.ts';

/** The `{id}` of `GET /events/{id}`: a ULID, either case (ids are stored upper-case). */
export const eventIdSchema = ulidSchema;

/** Name of the sparse index that finds the events whose key their id does not imply. */
export const BY_ID_INDEX = 'byId';
/** Its partition key: written only on those events, so the others cost no index write. */
export const LOOKUP_ID_ATTRIBUTE = 'lookupId';

/** The receivedAt an id implies: ingest mints each id from the same clock reading as receivedAt. */
function impliedReceivedAt(id: string): string | undefined {
  try {
    return new Date(decodeTime(id)).toISOString();
  } catch {
    return undefined;
  }
}

/** The history key of an event Vigil minted the id of, from the id alone; a producer's id may miss. */
export function impliedHistoryKey(id: string, shards: number): HistoryKey | undefined {
  const receivedAt = impliedReceivedAt(id);
  return receivedAt === undefined ? undefined : historyKeyOf({ id, receivedAt }, shards);
}

/**
 * True when the id does not imply the event's key: a producer-supplied id, or a minted one whose
 * time the monotonic ULID factory held back after the clock stepped backwards.
 */
export function needsIdLookup(event: { readonly id: string; readonly receivedAt: string }): boolean {
  return impliedReceivedAt(event.id) !== event.receivedAt;
}
