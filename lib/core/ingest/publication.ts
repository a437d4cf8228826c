import { BUS_SOURCES } from '../bus-event.ts';
import type { Envelope } from '../envelope.ts';

export const MAX_PUT_EVENTS_ENTRIES = 10;
export const MAX_PUT_EVENTS_BYTES = 256 * 1024;

export interface BusEntry {
  readonly Source: string;
  readonly DetailType: string;
  readonly Detail: string;
  readonly EventBusName: string;
  readonly Time: Date;
  readonly Resources?: string[];
}

export function toBusEntry(
  envelope: Envelope,
  busName: string,
  busSource: string = BUS_SOURCES.ingest,
): BusEntry {
  return {
    Source: busSource,
    DetailType: envelope.type,
    Detail: JSON.stringify(envelope),
    EventBusName: busName,
    Time: new Date(envelope.time),
  };
}

/** Entry size as EventBridge counts it: Time 14 bytes, then UTF-8 bytes of Source, DetailType, Detail, Resources. */
export function putEventsEntrySize(entry: BusEntry): number {
  let size = 14;
  size += Buffer.byteLength(entry.Source, 'utf8');
  size += Buffer.byteLength(entry.DetailType, 'utf8');
  size += Buffer.byteLength(entry.Detail, 'utf8');
  for (const resource of entry.Resources ?? []) size += Buffer.byteLength(resource, 'utf8');
  return size;
}

/** Splits items into PutEvents calls of at most 10 entries and `maxBytes` in total, keeping order. */
export function planPutEventsBatches<T>(
  items: readonly T[],
  sizeOf: (item: T) => number,
  maxBytes: number = MAX_PUT_EVENTS_BYTES,
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length === MAX_PUT_EVENTS_ENTRIES || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Per-entry PutEvents error codes worth another attempt (the API model marks the rest non-retryable). */
export const RETRYABLE_ENTRY_ERRORS: ReadonlySet<string> = new Set([
  'InternalFailure',
  'ThrottlingException',
]);
