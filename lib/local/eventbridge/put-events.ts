import { randomUUID } from 'node:crypto';
import type { BusEvent } from './input.ts';

/** EventBridge's per-entry size limit; configurable because AWS's own pages disagree (256 KB vs 1 MB). */
export const DEFAULT_MAX_ENTRY_BYTES = 256 * 1024;

export interface PutEventsEntry {
  readonly Source?: unknown;
  readonly DetailType?: unknown;
  readonly Detail?: unknown;
  readonly EventBusName?: unknown;
  readonly Resources?: unknown;
  readonly Time?: unknown;
  readonly TraceHeader?: unknown;
}

export type EntryOutcome =
  | { readonly ok: true; readonly busName: string; readonly event: BusEvent }
  | { readonly ok: false; readonly errorCode: string; readonly errorMessage: string };

export interface EntryContext {
  readonly region: string;
  readonly accountId: string;
  readonly busExists: (name: string) => boolean;
  readonly maxEntryBytes: number;
  readonly now: () => number;
}

const BUS_ARN = /^arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/([.\-_A-Za-z0-9]+)$/;

function fail(errorCode: string, errorMessage: string): EntryOutcome {
  return { ok: false, errorCode, errorMessage };
}

/** EventBridge counts an entry as Time (14) + UTF-8 bytes of Source, DetailType, Detail and each resource. */
function entrySize(entry: PutEventsEntry): number {
  const bytes = (v: unknown) => (typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : 0);
  const resources = Array.isArray(entry.Resources)
    ? entry.Resources.reduce((n: number, r) => n + bytes(r), 0)
    : 0;
  return (
    (entry.Time !== undefined ? 14 : 0) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    resources
  );
}

/** EventBridge event times: ISO 8601, UTC, whole seconds (`2017-12-22T18:43:48Z`). */
export function toIsoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function timeOf(value: unknown, now: number): number | undefined {
  if (value === undefined || value === null) return now;
  // The JSON protocol sends timestamps as epoch seconds; accept RFC 3339 text too.
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}

/** Validates one entry as PutEvents does and turns it into the event rules see. */
export function acceptEntry(entry: PutEventsEntry, ctx: EntryContext): EntryOutcome {
  const { Source, DetailType, Detail } = entry;
  if (typeof Source !== 'string' || typeof DetailType !== 'string' || typeof Detail !== 'string') {
    return fail('InvalidArgument', 'Parameters Source, DetailType and Detail are required for each entry.');
  }
  if (Source.length === 0 || DetailType.length === 0)
    return fail('InvalidArgument', 'Source and DetailType must not be empty.');
  if (Source.startsWith('aws.'))
    return fail('NotAuthorizedForSourceException', `Not authorized for the source ${Source}.`);
  if (DetailType.length > 128) return fail('InvalidArgument', 'DetailType must be at most 128 characters.');
  const size = entrySize(entry);
  if (size > ctx.maxEntryBytes) {
    return fail(
      'InvalidArgument',
      `Total size of the entry is ${size} bytes, over the limit of ${ctx.maxEntryBytes}.`,
    );
  }
  let detail: unknown;
  try {
    detail = JSON.parse(Detail);
  } catch {
    return fail('MalformedDetail', 'Detail is malformed.');
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail))
    return fail('MalformedDetail', 'Detail must be a JSON object.');
  const busRef =
    typeof entry.EventBusName === 'string' && entry.EventBusName !== '' ? entry.EventBusName : 'default';
  const busName = BUS_ARN.exec(busRef)?.[1] ?? busRef;
  if (!ctx.busExists(busName)) return fail('InvalidArgument', `Event bus ${busName} does not exist.`);
  const time = timeOf(entry.Time, ctx.now());
  if (time === undefined) return fail('InvalidArgument', 'Time must be an RFC 3339 timestamp.');
  const resources = Array.isArray(entry.Resources) ? entry.Resources.map(String) : [];
  return {
    ok: true,
    busName,
    event: {
      version: '0',
      id: randomUUID(),
      'detail-type': DetailType,
      source: Source,
      account: ctx.accountId,
      time: toIsoSeconds(time),
      region: ctx.region,
      resources,
      detail: detail as Record<string, unknown>,
    },
  };
}
