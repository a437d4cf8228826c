import * as z from 'zod/mini';
import { isStorableNumber, NUMBER_RULE } from './json-guard.ts';
import { quote } from './quote.ts';
import { EVENT_NAMES } from './state/events.ts';
import { ValidationError } from './validation.ts';

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

const finiteNumber = z
  .number({
    error: (issue) => {
      if (issue.input === undefined) return 'is required';
      return Array.isArray(issue.input)
        ? 'must be a finite number, not a nested array (state is one-dimensional)'
        : 'must be a finite number';
    },
  })
  .check(z.refine(isStorableNumber, NUMBER_RULE));

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const signalSchema = z.strictObject({
  valence: finiteNumber,
  state: z
    .array(finiteNumber, {
      error: (issue) =>
        issue.input === undefined ? 'is required' : 'must be a non-empty array of finite numbers',
    })
    .check(z.minLength(1, 'must be a non-empty array of finite numbers')),
  score: z.optional(finiteNumber),
});

const ULID_RULE = 'must be a ULID (26 characters of Crockford base32)';
export const ulidSchema = z.pipe(
  z.string().check(z.regex(/^[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}$/, ULID_RULE)),
  z.transform((id) => id.toUpperCase()),
);

/** An ISO-8601 time with a zone, normalized to `toISOString()` (so string order is time order). */
export const isoTimeSchema = z.pipe(
  z.iso.datetime({
    offset: true,
    error: 'must be an ISO-8601 date-time with a time zone, e.g. 2026-01-31T12:00:00Z',
  }),
  z.transform((t) => new Date(t).toISOString()),
);

/** What a producer may send. Unknown fields are refused so that a typo fails loudly. */
export const eventInputSchema = z
  .strictObject({
    id: z.optional(ulidSchema),
    source: nameSchema,
    type: nameSchema.check(
      z.refine((t) => !RESERVED_TYPE_PREFIXES.some((p) => t.startsWith(p)), {
        error: `must not start with ${RESERVED_TYPE_PREFIXES.join(' ')} (reserved for events Vigil emits)`,
      }),
    ),
    severity: z._default(z.enum(SEVERITIES), 'INFO'),
    message: z.optional(z.string().check(z.maxLength(2048, 'must be at most 2048 characters long'))),
    time: z.optional(isoTimeSchema),
    signal: z.optional(signalSchema),
    // Checked, not copied: a copy would turn a `__proto__` key into a prototype, silently dropping
    // it; findJsonViolation refuses that key and whatever else no consumer could keep.
    data: z.optional(z.custom<Record<string, unknown>>(isJsonObject, { error: 'must be a JSON object' })),
    module: z.optional(nameSchema),
    dedupKey: z.optional(z.string().check(z.minLength(1), z.maxLength(255))),
    alertKey: z.optional(z.string().check(z.minLength(1), z.maxLength(255))),
    alertAction: z.optional(z.enum(['trigger', 'resolve'])),
    priority: z.optional(z.enum(PRIORITIES)),
    receivedAt: z.optional(z.never({ error: 'is set by ingest, never by the producer' })),
    replay: z.optional(z.never({ error: 'is set by replay, never by the producer' })),
  })
  .check(
    z.superRefine((event, ctx) => {
      if (!event.type.startsWith('state.')) return;
      if (event.module === undefined) {
        ctx.addIssue({ code: 'custom', path: ['module'], message: 'is required for state.* events' });
      }
      const name = event.type.slice('state.'.length);
      if (name === 'PRIORITY_OVERRIDE') {
        ctx.addIssue({
          code: 'custom',
          path: ['type'],
          message: 'state.PRIORITY_OVERRIDE is admin only: POST /modules/{name}/events',
        });
      } else if (!(EVENT_NAMES as readonly string[]).includes(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['type'],
          message: `must be state.<EVENT> with EVENT one of ${EVENT_NAMES.filter((e) => e !== 'PRIORITY_OVERRIDE').join(', ')}, got ${quote(name)}`,
        });
      }
    }),
  );

export type EventInput = z.output<typeof eventInputSchema>;
export type Severity = (typeof SEVERITIES)[number];
export type Signal = z.output<typeof signalSchema>;

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

/** Completes a validated input into an envelope: id, receivedAt, time default. */
export function toEnvelope(input: EventInput, ids: { id: string; receivedAt: string }): Envelope {
  const { id, time, ...rest } = input;
  const envelope: Envelope = {
    ...rest,
    id: id ?? ids.id,
    time: time ?? ids.receivedAt,
    receivedAt: ids.receivedAt,
  };
  const bytes = envelopeBytes(envelope);
  if (bytes > MAX_ENVELOPE_BYTES) {
    throw new ValidationError(
      undefined,
      `event must be at most ${MAX_ENVELOPE_BYTES} bytes as JSON, got ${bytes}`,
    );
  }
  return envelope;
}

export function envelopeBytes(envelope: Envelope): number {
  return Buffer.byteLength(JSON.stringify(envelope), 'utf8');
}

/** The key under which an event is deduplicated: its dedupKey, else its id. */
export function dedupKeyOf(envelope: Envelope): string {
  return envelope.dedupKey ?? envelope.id;
}
