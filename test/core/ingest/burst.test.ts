import { describe, expect, it } from 'vitest';
import { burstRuleFor, burstSummaryEnvelope, burstWindowAt, decideBurst } from '#lib/core/ingest/burst.ts';

describe('Function: decideBurst', () => {
  it.each([
    // countAfter, added, threshold → dispatched, suppressed, summary
    [1, 1, 20, 1, 0, false],
    [20, 1, 20, 1, 0, false],
    [21, 1, 20, 0, 1, true],
    [22, 1, 20, 0, 1, false],
    [25, 25, 20, 20, 5, true],
    [20, 20, 20, 20, 0, false],
    [30, 5, 20, 0, 5, false],
    [23, 5, 20, 2, 3, true],
    [3, 3, 1, 1, 2, true],
  ])(
    'after count %i with %i added and threshold %i dispatches %i, suppresses %i, summary %s',
    (after, added, threshold, dispatched, suppressed, emitSummary) => {
      expect(decideBurst(after, added, threshold)).toEqual({ dispatched, suppressed, emitSummary });
    },
  );

  it.each([
    // countAfter, added, threshold, owed → dispatched, suppressed, summary
    [5, 5, 20, 4, 1, 0, false],
    [21, 5, 20, 4, 0, 1, true],
    [20, 5, 20, 4, 1, 0, false],
    [30, 3, 20, 2, 0, 1, false],
    [19, 10, 20, 2, 8, 0, false],
    [22, 10, 20, 2, 6, 2, true],
  ])(
    'after count %i with %i added (%i threshold, %i owed) decides on the new ones: %i dispatched, %i suppressed, summary %s',
    (after, added, threshold, owed, dispatched, suppressed, emitSummary) => {
      expect(decideBurst(after, added, threshold, owed)).toEqual({ dispatched, suppressed, emitSummary });
    },
  );

  it('emits exactly one summary over any sequence of increments', () => {
    // Prepare
    const sizes = [3, 7, 9, 1, 4, 10, 2];
    let count = 0;
    let summaries = 0;
    let dispatched = 0;

    // Act
    for (const added of sizes) {
      count += added;
      const decision = decideBurst(count, added, 20);
      if (decision.emitSummary) summaries++;
      dispatched += decision.dispatched;
    }

    // Assess
    expect(summaries).toBe(1);
    expect(dispatched).toBe(20);
  });
});

describe('Function: burstRuleFor', () => {
  const fallback = { threshold: 20, windowSeconds: 60 };
  const overrides = [
    { type: 'heartbeat', threshold: 1000, windowSeconds: 60 },
    { source: 'noisy', threshold: 5, windowSeconds: 10 },
    { source: 'noisy', type: 'heartbeat', threshold: 2, windowSeconds: 30 },
  ];

  it.each([
    ['quiet', 'x', fallback],
    ['quiet', 'heartbeat', { threshold: 1000, windowSeconds: 60 }],
    ['noisy', 'x', { threshold: 5, windowSeconds: 10 }],
    ['noisy', 'heartbeat', { threshold: 2, windowSeconds: 30 }],
  ])('picks the most specific rule for %s/%s', (source, type, expected) => {
    expect(burstRuleFor(source, type, overrides, fallback)).toEqual(expected);
  });
});

describe('Function: burstWindowAt', () => {
  it('aligns windows to the epoch', () => {
    const at = Date.parse('2026-11-23T10:00:59.999Z');
    expect(burstWindowAt(at, 60)).toEqual({
      start: Date.parse('2026-11-23T10:00:00Z'),
      end: Date.parse('2026-11-23T10:01:00Z'),
    });
  });
});

describe('Function: burstSummaryEnvelope', () => {
  it('names the source, type, window and count', () => {
    // Act
    const summary = burstSummaryEnvelope(
      {
        source: 'sensor.a',
        type: 't',
        window: { start: Date.parse('2026-11-23T10:00:00Z'), end: Date.parse('2026-11-23T10:01:00Z') },
        rule: { threshold: 20, windowSeconds: 60 },
        count: 21,
      },
      { id: 'ID', receivedAt: '2026-11-23T10:00:30.000Z' },
    );

    // Assess
    expect(summary).toMatchObject({
      id: 'ID',
      source: 'sensor.a',
      type: 'burst.suppressed',
      data: {
        source: 'sensor.a',
        type: 't',
        windowStart: '2026-11-23T10:00:00.000Z',
        windowEnd: '2026-11-23T10:01:00.000Z',
        threshold: 20,
        count: 21,
      },
    });
  });
});
