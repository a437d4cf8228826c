import * as z from 'zod/mini';
import {
  type Envelope,
  envelopeBytes,
  isoTimeSchema,
  MAX_ENVELOPE_BYTES,
  nameSchema,
  PRIORITIES,
  RESERVED_TYPE_PREFIXES,
  SEVERITIES,
  ulidSchema,
} from './envelope.ts';
import { isStorableNumber, NUMBER_RULE } from './json-guard.ts';
import { quote } from './quote.ts';
import { EVENT_NAMES } from './state/events.ts';
import { ValidationError } from './validation.ts';
import { jsonObject } from './zod-parts.ts';

// What a producer sends, apart from the envelope (envelope.ts) that every function reads: a
// bundle keeps every schema of a module it imports, and only ingest validates producer input.

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
    data: z.optional(jsonObject({ error: 'must be a JSON object' })),
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
export type Signal = z.output<typeof signalSchema>;

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
