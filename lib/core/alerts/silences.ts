import * as z from 'zod/mini';
import { SEVERITIES } from '../envelope.ts';
import { quote } from '../quote.ts';
import { isoDateTime } from '../zod-parts.ts';

/** One condition of a silence (Alertmanager's matchers): a field, a value, exact or prefix. */
export const silenceMatcherSchema = z.strictObject({
  field: z.enum(['source', 'type', 'severity']),
  value: z.string().check(z.minLength(1), z.maxLength(256)),
  match: z._default(z.enum(['exact', 'prefix']), 'exact'),
});
export type SilenceMatcher = z.output<typeof silenceMatcherSchema>;

const isoTime = isoDateTime({ offset: true, error: 'must be an ISO-8601 date-time with a time zone' });

/** `POST /silences`: every matcher must hold (AND); the silence is active in [startsAt, endsAt). */
export const silenceInputSchema = z
  .strictObject({
    matchers: z
      .array(silenceMatcherSchema)
      .check(z.minLength(1, 'must have at least one matcher'), z.maxLength(10)),
    startsAt: z.optional(isoTime),
    endsAt: isoTime,
    /** Whom the caller creates it for: a display note (the creator recorded is the signed caller). */
    onBehalfOf: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
    /** The former name of `onBehalfOf`, still accepted; never the creator. */
    createdBy: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
    comment: z.string().check(z.minLength(1), z.maxLength(1024)),
  })
  .check(
    z.superRefine((input, ctx) => {
      input.matchers.forEach((matcher, i) => {
        if (matcher.field === 'severity' && !(SEVERITIES as readonly string[]).includes(matcher.value)) {
          ctx.addIssue({
            code: 'custom',
            path: ['matchers', i, 'value'],
            message: `must be one of ${SEVERITIES.join(', ')}, got ${quote(matcher.value)}`,
          });
        }
      });
      if (input.startsAt && Date.parse(input.endsAt) <= Date.parse(input.startsAt)) {
        ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
      }
    }),
  );
export type SilenceInput = z.output<typeof silenceInputSchema>;

export interface Silence {
  readonly id: string;
  readonly matchers: readonly SilenceMatcher[];
  readonly startsAt: string;
  readonly endsAt: string;
  /** The signed IAM caller who created it. */
  readonly createdBy: string;
  /** A name the caller gave as whom they created it for: a display note, not the creator. */
  readonly createdOnBehalfOf?: string;
  readonly comment: string;
  readonly createdAt: string;
}

export type SilenceState = 'pending' | 'active' | 'expired';

export function silenceState(silence: Pick<Silence, 'startsAt' | 'endsAt'>, nowMs: number): SilenceState {
  if (nowMs < Date.parse(silence.startsAt)) return 'pending';
  if (nowMs >= Date.parse(silence.endsAt)) return 'expired';
  return 'active';
}

function matcherHolds(
  matcher: SilenceMatcher,
  event: { source: string; type: string; severity: string },
): boolean {
  const value = event[matcher.field];
  return matcher.match === 'prefix' ? value.startsWith(matcher.value) : value === matcher.value;
}

/** The active silences whose matchers all hold for the event. */
export function silencesFor(
  silences: readonly Silence[],
  event: { source: string; type: string; severity: string },
  nowMs: number,
): Silence[] {
  return silences.filter(
    (silence) =>
      silenceState(silence, nowMs) === 'active' && silence.matchers.every((m) => matcherHolds(m, event)),
  );
}

/** A silence ended now: expiring keeps it for the record instead of deleting it. */
export function expireSilence(silence: Silence, nowMs: number): Silence {
  const now = new Date(nowMs).toISOString();
  return {
    ...silence,
    endsAt: silenceState(silence, nowMs) === 'expired' ? silence.endsAt : now,
    startsAt: silence.startsAt > now ? now : silence.startsAt,
  };
}
