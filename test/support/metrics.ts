import type { MetricSink } from '#lib/core/metrics.ts';

/** A metric sink that adds up what it is given, for tests that check what a function counts. */
export function countingSink<M extends string>(): MetricSink<M> & { totals: Partial<Record<M, number>> } {
  const totals: Partial<Record<M, number>> = {};
  return {
    totals,
    add: (metric, n) => {
      totals[metric] = (totals[metric] ?? 0) + n;
    },
  };
}
