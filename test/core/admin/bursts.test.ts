import { describe, expect, it } from 'vitest';
import { burstCountersFor, burstQuerySchema, windowCount } from '#lib/core/admin/bursts.ts';
import { parseWith } from '#lib/core/validation.ts';

describe('Function: burstCountersFor', () => {
  it('reads the window holding `at` and the ones before it, newest first, with the rule for the source+type', () => {
    // Prepare
    const query = parseWith(burstQuerySchema, {
      source: 'noisy',
      type: 'x',
      at: '2026-11-23T10:00:25Z',
      windows: '3',
    });

    // Act
    const { rule, counters } = burstCountersFor(
      query,
      [{ source: 'noisy', threshold: 5, windowSeconds: 10 }],
      { threshold: 20, windowSeconds: 60 },
      0,
    );

    // Assess
    expect(rule).toEqual({ threshold: 5, windowSeconds: 10 });
    expect(counters.map((c) => new Date(c.windowStart).toISOString())).toEqual([
      '2026-11-23T10:00:20.000Z',
      '2026-11-23T10:00:10.000Z',
      '2026-11-23T10:00:00.000Z',
    ]);
  });
});

describe('Function: windowCount', () => {
  it('splits a count into dispatched and suppressed at the threshold', () => {
    const counter = { source: 's', type: 't', windowStart: 0, windowSeconds: 60, threshold: 20 };
    expect(windowCount(counter, 25)).toMatchObject({
      count: 25,
      dispatched: 20,
      suppressed: 5,
      windowEnd: '1970-01-01T00:01:00.000Z',
    });
    expect(windowCount(counter, 3)).toMatchObject({ dispatched: 3, suppressed: 0 });
  });
});

describe('Schema: burstQuerySchema', () => {
  it.each([
    [{ type: 't' }, 'source: is required'],
    [{ source: 's', type: 't', windows: '0' }, 'windows: must be a whole number from 1 to 60'],
    [{ source: 's', type: 't', windows: 'many' }, 'windows: must be a whole number from 1 to 60'],
    [{ source: 's', type: 't', at: 'yesterday' }, 'at: must be an ISO-8601 date-time with a time zone'],
    [{ source: 's', type: 't', extra: '1' }, 'extra: is not a known field'],
  ])('refuses %j', (query, message) => {
    expect(() => parseWith(burstQuerySchema, query)).toThrow(message);
  });
});
