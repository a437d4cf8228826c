import { describe, expect, it } from 'vitest';
import {
  delayAfter,
  isRetryable,
  nextStep,
  type RetryPolicy,
  retryPolicySchema,
} from '#lib/core/subscriptions/retry-policy.ts';

const policy = (overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({
  ...retryPolicySchema.parse({}),
  ...overrides,
});

describe('Function: delayAfter', () => {
  it('doubles from backoffFactor and stops at maxBackoff, with half of each step fixed and half random', () => {
    // Prepare
    const p = policy({ backoffFactor: 2, maxBackoff: 20 });

    // Act
    const lowest = [1, 2, 3, 4, 5].map((attempt) => delayAfter(attempt, p, () => 0));
    const highest = [1, 2, 3, 4, 5].map((attempt) => delayAfter(attempt, p, () => 1));

    // Assess
    expect(lowest).toEqual([1, 2, 4, 8, 10]);
    expect(highest).toEqual([2, 4, 8, 16, 20]);
  });
});

describe('Function: isRetryable', () => {
  it.each([
    [{ kind: 'status', status: 500 }, true],
    [{ kind: 'status', status: 503 }, true],
    [{ kind: 'status', status: 429 }, true],
    [{ kind: 'status', status: 408 }, true],
    [{ kind: 'network', reason: 'ECONNREFUSED' }, true],
    [{ kind: 'status', status: 400 }, false],
    [{ kind: 'status', status: 404 }, false],
    [{ kind: 'status', status: 410 }, false],
  ] as const)('retries %j: %s, under the default retryOn', (failure, expected) => {
    expect(isRetryable(failure, policy())).toBe(expected);
  });

  it('retries only the classes retryOn names', () => {
    // Prepare
    const p = policy({ retryOn: ['429'] });

    // Act + Assess
    expect(isRetryable({ kind: 'status', status: 429 }, p)).toBe(true);
    expect(isRetryable({ kind: 'status', status: 503 }, p)).toBe(false);
    expect(isRetryable({ kind: 'network', reason: 'timeout' }, p)).toBe(false);
  });
});

describe('Function: nextStep', () => {
  it('schedules attempts 2..maxAttempts, then dead-letters with the reason', () => {
    // Prepare
    const p = policy({ maxAttempts: 3, backoffFactor: 1 });
    const failure = { kind: 'status', status: 502 } as const;

    // Act
    const steps = [1, 2, 3].map((attempt) => nextStep(attempt, failure, p, () => 0.5));

    // Assess
    expect(steps).toEqual([
      { kind: 'retry', attempt: 2, delaySeconds: 0.75 },
      { kind: 'retry', attempt: 3, delaySeconds: 1.5 },
      { kind: 'dead-letter', reason: 'attempts-exhausted' },
    ]);
  });

  it('dead-letters a 4xx at once', () => {
    expect(nextStep(1, { kind: 'status', status: 401 }, policy())).toEqual({
      kind: 'dead-letter',
      reason: 'not-retryable',
    });
  });

  it('refuses a policy outside its bounds, naming the field', () => {
    expect(retryPolicySchema.safeParse({ maxAttempts: 0 }).success).toBe(false);
    expect(retryPolicySchema.safeParse({ retryOn: ['4xx'] }).success).toBe(false);
  });
});
