import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, retryPolicy } from '#lib/client/retry.ts';

describe('Function: backoffDelay', () => {
  it('doubles the jitter ceiling each attempt, up to maxDelayMs', () => {
    // Prepare: the highest draw of the jitter.
    const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000, random: () => 1 });

    // Act
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(policy, attempt));

    // Assess
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('draws the full jitter between zero and the ceiling', () => {
    // Prepare
    const policy = retryPolicy({ baseDelayMs: 100, random: () => 0.25 });

    // Act & Assess
    expect(backoffDelay(policy, 3)).toBe(100);
  });

  it('never waits less than Retry-After, and still spreads the retries of many clients', () => {
    // Prepare
    const low = retryPolicy({ random: () => 0 });
    const high = retryPolicy({ random: () => 1 });

    // Act & Assess
    expect(backoffDelay(low, 1, 2_000)).toBe(2_000);
    expect(backoffDelay(high, 1, 2_000)).toBe(2_005);
    expect(backoffDelay(retryPolicy({ maxDelayMs: 5_000 }), 1, 60_000)).toBe(5_000);
  });
});

describe('Function: parseRetryAfter', () => {
  it.each([
    ['3', 3_000],
    [' 0 ', 0],
    ['Fri, 27 Nov 2026 12:00:05 GMT', 5_000],
    ['Fri, 27 Nov 2026 11:00:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('reads %j as %j ms', (header, expected) => {
    // Act & Assess
    expect(parseRetryAfter(header, Date.parse('2026-11-27T12:00:00Z'))).toBe(expected);
  });
});
