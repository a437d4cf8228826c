import { describe, expect, it } from 'vitest';
import { decideBurst } from '#lib/core/ingest/burst.ts';
import { BurstTally, countEvery } from '#lib/core/ingest/burst-tally.ts';

const WINDOW = { start: 0, end: 60_000 };

describe('Function: countEvery', () => {
  it.each([
    [1, 1],
    [19, 1],
    [20, 2],
    [100, 10],
    [1e9, 1000],
  ])('threshold %i: an environment counts every %i events', (threshold, every) => {
    expect(countEvery({ threshold, windowSeconds: 60 })).toBe(every);
  });
});

describe('Class: BurstTally', () => {
  it('defers until the environment owes countEvery events, then hands them over with the new one', () => {
    // Prepare
    const tally = new BurstTally();
    const rule = { threshold: 50, windowSeconds: 60 };

    // Act
    const steps = Array.from({ length: 6 }, () => tally.take('a', WINDOW, 1, rule, 0));

    // Assess
    expect(steps.map((s) => s.kind)).toEqual(['defer', 'defer', 'defer', 'defer', 'count', 'defer']);
    expect(steps[4]).toEqual({ kind: 'count', pending: 4 });
  });

  it('counts every event once the count it knows is near the threshold', () => {
    // Prepare
    const tally = new BurstTally();
    const rule = { threshold: 50, windowSeconds: 60 };
    tally.take('a', WINDOW, 5, rule, 0);
    tally.counted('a', WINDOW.start, 47);

    // Act
    const steps = [1, 1, 1, 1].map((n) => tally.take('a', WINDOW, n, rule, 0));

    // Assess
    expect(steps.map((s) => s.kind)).toEqual(['defer', 'defer', 'defer', 'count']);
  });

  it('owes the handed-over events again when the counter update failed', () => {
    // Prepare
    const tally = new BurstTally();
    const rule = { threshold: 50, windowSeconds: 60 };
    for (let i = 0; i < 4; i++) tally.take('a', WINDOW, 1, rule, 0);
    const failed = tally.take('a', WINDOW, 1, rule, 0);

    // Act
    tally.owe('a', WINDOW.start, failed.kind === 'count' ? failed.pending : 0);

    // Assess
    expect(tally.take('a', WINDOW, 1, rule, 0)).toEqual({ kind: 'count', pending: 4 });
  });

  it('starts afresh in a new window and keeps pairs apart', () => {
    // Prepare
    const tally = new BurstTally();
    const rule = { threshold: 50, windowSeconds: 60 };
    for (let i = 0; i < 4; i++) tally.take('a', WINDOW, 1, rule, 0);

    // Act
    const next = tally.take('a', { start: 60_000, end: 120_000 }, 1, rule, 60_000);
    const other = tally.take('b', WINDOW, 1, rule, 0);

    // Assess
    expect(next).toEqual({ kind: 'defer' });
    expect(other).toEqual({ kind: 'defer' });
  });

  it('keeps within threshold + (countEvery − 1) × environments over one shared counter, with one summary', () => {
    // Prepare: 5 environments take turns at random over one counter.
    const rule = { threshold: 100, windowSeconds: 60 };
    const environments = Array.from({ length: 5 }, () => new BurstTally());
    let shared = 0;
    let dispatched = 0;
    let summaries = 0;
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };

    // Act
    for (let i = 0; i < 1_000; i++) {
      const tally = environments[Math.floor(random() * environments.length)] as BurstTally;
      const step = tally.take('a', WINDOW, 1, rule, 0);
      if (step.kind === 'defer') {
        dispatched++;
        continue;
      }
      shared += step.pending + 1;
      tally.counted('a', WINDOW.start, shared);
      const decision = decideBurst(shared, step.pending + 1, rule.threshold, step.pending);
      dispatched += decision.dispatched;
      if (decision.emitSummary) summaries++;
    }

    // Assess
    expect(summaries).toBe(1);
    expect(dispatched).toBeGreaterThanOrEqual(rule.threshold);
    expect(dispatched).toBeLessThanOrEqual(rule.threshold + (countEvery(rule) - 1) * environments.length);
  });
});
