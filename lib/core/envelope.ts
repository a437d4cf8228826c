import * as z from 'zod/mini';
import type { Signal } from './event-input.ts';
import { isoDateTime } from './zod-parts.ts';

export const SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'] as const;
export const PRIORITIES = ['high', 'normal', 'low'] as const;
export const MAX_ENVELOPE_BYTES = 64 * 1024;
/** Types that only Vigil itself emits; a producer may not forge them (and rules never loop on them). */
export const RESERVED_TYPE_PREFIXES = ['alert.', 'module.', 'burst.', 'replay.', 'vigil.'] as const;

const NAME_RULE = 'must be 1-128 characters of A-Z a-z 0-9 . _ : / -';
/** A source, type or module name; also what the admin filters take. */
export const nameSchema = z
  .string()
  .check(z.minLength(1, NAME_RULE), z.maxLength(128, NAME_RULE), z.regex(/^[A-Za-z0-9._:/-]+$/, NAME_RULE));

const ULID_RULE = 'must be a ULID (26 characters of Crockford base32)';
export const ulidSchema = z.pipe(
  z.string().check(z.regex(/^[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}$/, ULID_RULE)),
  z.transform((id) => id.toUpperCase()),
);

/** An ISO-8601 time with a zone, normalized to `toISOString()` (so string order is time order). */
export const isoTimeSchema = z.pipe(
  isoDateTime({
    offset: true,
    error: 'must be an ISO-8601 date-time with a time zone, e.g. 2026-01-31T12:00:00Z',
  }),
  z.transform((t) => new Date(t).toISOString()),
);

export type Severity = (typeof SEVERITIES)[number];
export type { Signal };

export interface ReplayMarker {
  readonly replayId: string;
  readonly originalReceivedAt: string;
}

/** The `detail` of every bus event and the body of every history item. */
export interface Envelope {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly severity: Severity;
  readonly message?: string;
  readonly time: string;
  readonly receivedAt: string;
  readonly signal?: Signal;
  readonly data?: Record<string, unknown>;
  readonly module?: string;
  readonly dedupKey?: string;
  readonly alertKey?: string;
  readonly alertAction?: 'trigger' | 'resolve';
  readonly priority?: (typeof PRIORITIES)[number];
  readonly replay?: ReplayMarker;
}

export function envelopeBytes(envelope: Envelope): number {
  return Buffer.byteLength(JSON.stringify(envelope), 'utf8');
}

/** The key under which an event is deduplicated: its dedupKey, else its id. */
export function dedupKeyOf(envelope: Envelope): string {
  return envelope.dedupKey ?? envelope.id;
}
