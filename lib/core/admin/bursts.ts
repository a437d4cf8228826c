import * as z from 'zod/mini';
import { nameSchema } from '../envelope.ts';
import { type BurstOverride, type BurstRule, burstRuleFor, burstWindowAt } from '../ingest/burst.ts';
import type { BurstCounterKey } from '../ingest/ports.ts';
import { coercedNumber, isoDateTime } from '../zod-parts.ts';

const WINDOWS_RULE = 'must be a whole number from 1 to 60';

/** `GET /bursts?source=&type=&at=&windows=`. */
export const burstQuerySchema = z.strictObject({
  source: nameSchema,
  type: nameSchema,
  at: z.optional(isoDateTime({ offset: true, error: 'must be an ISO-8601 date-time with a time zone' })),
  windows: z._default(
    coercedNumber({ error: WINDOWS_RULE }).check(
      z.int(WINDOWS_RULE),
      z.gte(1, WINDOWS_RULE),
      z.lte(60, WINDOWS_RULE),
    ),
    1,
  ),
});
export type BurstQuery = z.output<typeof burstQuerySchema>;

export interface BurstWindowCount {
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly count: number;
  readonly dispatched: number;
  readonly suppressed: number;
}

/** The counters to read: the window holding `at` and the `windows - 1` before it, newest first. */
export function burstCountersFor(
  query: BurstQuery,
  overrides: readonly BurstOverride[],
  fallback: BurstRule,
  nowMs: number,
) {
  const rule = burstRuleFor(query.source, query.type, overrides, fallback);
  const at = query.at ? Date.parse(query.at) : nowMs;
  const latest = burstWindowAt(at, rule.windowSeconds);
  const size = rule.windowSeconds * 1000;
  const counters: BurstCounterKey[] = Array.from({ length: query.windows }, (_, i) => ({
    source: query.source,
    type: query.type,
    windowStart: latest.start - i * size,
    windowSeconds: rule.windowSeconds,
    threshold: rule.threshold,
  }));
  return { rule, counters };
}

export function windowCount(counter: BurstCounterKey, count: number): BurstWindowCount {
  return {
    windowStart: new Date(counter.windowStart).toISOString(),
    windowEnd: new Date(counter.windowStart + counter.windowSeconds * 1000).toISOString(),
    count,
    dispatched: Math.min(count, counter.threshold),
    suppressed: Math.max(0, count - counter.threshold),
  };
}
