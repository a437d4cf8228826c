import * as z from 'zod/mini';
import type { Envelope } from '../envelope.ts';
import { mostSpecificRule } from '../scoped-rules.ts';

export const burstRuleSchema = z.strictObject({
  threshold: z.number().check(z.int(), z.gte(1)),
  windowSeconds: z.number().check(z.int(), z.gte(1), z.lte(86_400)),
});
export const burstOverrideSchema = z.extend(burstRuleSchema, {
  source: z.optional(z.string().check(z.minLength(1))),
  type: z.optional(z.string().check(z.minLength(1))),
});
export type BurstRule = z.output<typeof burstRuleSchema>;
export type BurstOverride = z.output<typeof burstOverrideSchema>;

export const DEFAULT_BURST_RULE: BurstRule = { threshold: 20, windowSeconds: 60 };

/** The most specific rule for a source+type: both named, then source only, then type only, then the default. */
export function burstRuleFor(
  source: string,
  type: string,
  overrides: readonly BurstOverride[],
  fallback: BurstRule,
): BurstRule {
  const best = mostSpecificRule(overrides, source, type);
  return best ? { threshold: best.threshold, windowSeconds: best.windowSeconds } : fallback;
}

export interface BurstWindow {
  readonly start: number;
  readonly end: number;
}

/** Tumbling windows aligned to the epoch, so every concurrent invocation agrees on the counter key. */
export function burstWindowAt(nowMs: number, windowSeconds: number): BurstWindow {
  const size = windowSeconds * 1000;
  const start = Math.floor(nowMs / size) * size;
  return { start, end: start + size };
}

export interface BurstDecision {
  /** How many of the new events (in order) are still within the threshold and are dispatched. */
  readonly dispatched: number;
  readonly suppressed: number;
  /** True for exactly one increment per window: the one that first went over the threshold. */
  readonly emitSummary: boolean;
}

/**
 * Given a counter's value after atomically adding `added` events, decides the fate of the new ones
 * among them. The first `owed` of the added events were dispatched earlier, uncounted (see
 * burst-tally.ts); they take their places in the count first. The atomic ADD orders all
 * increments, so exactly one caller sees the crossing.
 */
export function decideBurst(countAfter: number, added: number, threshold: number, owed = 0): BurstDecision {
  const before = countAfter - added;
  const fresh = added - owed;
  const dispatched = Math.max(0, Math.min(fresh, threshold - before - owed));
  return {
    dispatched,
    suppressed: fresh - dispatched,
    emitSummary: before <= threshold && countAfter > threshold,
  };
}

export function burstGroupKey(source: string, type: string): string {
  return `${source}\u0000${type}`;
}

export interface BurstSummary {
  readonly source: string;
  readonly type: string;
  readonly window: BurstWindow;
  readonly rule: BurstRule;
  readonly count: number;
}

/** The one `burst.suppressed` event of a window: names the source, type, window and the count so far. */
export function burstSummaryEnvelope(
  summary: BurstSummary,
  ids: { id: string; receivedAt: string },
): Envelope {
  const windowStart = new Date(summary.window.start).toISOString();
  const windowEnd = new Date(summary.window.end).toISOString();
  return {
    id: ids.id,
    source: summary.source,
    type: BURST_SUMMARY_TYPE,
    severity: 'INFO',
    message: `More than ${summary.rule.threshold} '${summary.type}' events from '${summary.source}' within ${summary.rule.windowSeconds} s; further ones are suppressed until ${windowEnd}`,
    time: ids.receivedAt,
    receivedAt: ids.receivedAt,
    data: {
      source: summary.source,
      type: summary.type,
      windowStart,
      windowEnd,
      windowSeconds: summary.rule.windowSeconds,
      threshold: summary.rule.threshold,
      count: summary.count,
    },
  };
}

export const BURST_SUMMARY_TYPE = 'burst.suppressed';
