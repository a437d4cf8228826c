import type { BurstRule } from './burst.ts';

/** The most events an environment lets through uncounted per source+type and window. */
const MAX_COUNT_EVERY = 1_000;
/** Entries of ended windows are dropped once the tally holds this many. */
const PRUNE_AT = 10_000;

/**
 * How many events of one source+type an execution environment may dispatch before it adds them to
 * the shared counter: a tenth of the threshold (at most 1,000), 1 (every event counted) below 20.
 */
export function countEvery(rule: BurstRule): number {
  return Math.min(MAX_COUNT_EVERY, Math.max(1, Math.floor(rule.threshold / 10)));
}

export type TallyStep =
  /** Dispatch the new events without writing: the environment still owes them to the counter. */
  | { readonly kind: 'defer' }
  /** Add `pending` (already dispatched) + the new events to the counter, and decide on the new ones. */
  | { readonly kind: 'count'; readonly pending: number };

interface Entry {
  windowStart: number;
  windowEnd: number;
  /** The shared count this environment last saw (a lower bound of the real one). */
  known: number;
  /** Dispatched here, not yet added to the shared counter. */
  pending: number;
}

/**
 * One execution environment's share of the burst counters. The environment defers its counter
 * update while it has fewer than `countEvery(rule)` events owing and the count it knows stays within
 * the threshold; the next update adds what it owes. So each environment dispatches at most
 * `countEvery − 1` events the counter has not ordered, and in one window at most
 * `threshold + (countEvery − 1) × environments` events of a pair are dispatched; a burst above that
 * always crosses the shared counter, whose atomic ADD still lets exactly one caller emit the summary.
 */
export class BurstTally {
  private readonly entries = new Map<string, Entry>();

  /** Takes `added` new events of `key`'s window; a `count` step hands over what was owed. */
  take(
    key: string,
    window: { start: number; end: number },
    added: number,
    rule: BurstRule,
    nowMs: number,
  ): TallyStep {
    const entry = this.entryOf(key, window, nowMs);
    const owed = entry.pending + added;
    if (owed < countEvery(rule) && entry.known + owed <= rule.threshold) {
      entry.pending = owed;
      return { kind: 'defer' };
    }
    const pending = entry.pending;
    entry.pending = 0;
    return { kind: 'count', pending };
  }

  /** The counter answered `countAfter` for a `count` step of this window. */
  counted(key: string, windowStart: number, countAfter: number): void {
    const entry = this.entries.get(key);
    if (entry?.windowStart === windowStart) entry.known = Math.max(entry.known, countAfter);
  }

  /** A `count` step's update failed: the environment owes its `pending` events again. */
  owe(key: string, windowStart: number, pending: number): void {
    const entry = this.entries.get(key);
    if (entry?.windowStart === windowStart) entry.pending += pending;
  }

  private entryOf(key: string, window: { start: number; end: number }, nowMs: number): Entry {
    const entry = this.entries.get(key);
    if (entry?.windowStart === window.start) return entry;
    if (this.entries.size >= PRUNE_AT)
      for (const [k, e] of this.entries) if (e.windowEnd <= nowMs) this.entries.delete(k);
    const fresh = { windowStart: window.start, windowEnd: window.end, known: 0, pending: 0 };
    this.entries.set(key, fresh);
    return fresh;
  }
}
