import { describe, expect, it } from 'vitest';
import { backoffDelay, CONFLICT_BACKOFF, pause, retry } from '#lib/core/backoff.ts';

/** A sleep that records what it was asked to wait and returns at once. */
function recordingSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

describe('Function: backoffDelay', () => {
  it('doubles the step each attempt up to the cap, full jitter spanning [0, step]', () => {
    // Prepare
    const policy = { base: 10, cap: 60 };

    // Act
    const highest = [0, 1, 2, 3].map((attempt) => backoffDelay(policy, attempt, () => 1));
    const lowest = [0, 1, 2, 3].map((attempt) => backoffDelay(policy, attempt, () => 0));

    // Assess
    expect(highest).toEqual([10, 20, 40, 60]);
    expect(lowest).toEqual([0, 0, 0, 0]);
  });

  it('never goes below half the step with equal jitter', () => {
    // Prepare
    const policy = { base: 20, cap: 200, jitter: 'equal' } as const;

    // Act
    const lowest = [0, 1, 2, 3, 4].map((attempt) => backoffDelay(policy, attempt, () => 0));
    const middle = backoffDelay(policy, 2, () => 0.5);

    // Assess
    expect(lowest).toEqual([10, 20, 40, 80, 100]);
    expect(middle).toBe(60);
  });
});

describe('Function: pause', () => {
  it('sleeps the delay the injected random gives', async () => {
    // Prepare
    const { waits, sleep } = recordingSleep();

    // Act
    await pause(CONFLICT_BACKOFF, 3, { sleep, random: () => 0.5 });
    await pause(CONFLICT_BACKOFF, 10, { sleep, random: () => 0.5 });

    // Assess
    expect(waits).toEqual([4, 25]);
  });
});

describe('Function: retry', () => {
  it('retries a failure until the attempt succeeds, numbering attempts from 1', async () => {
    // Prepare
    const { waits, sleep } = recordingSleep();
    const seen: number[] = [];

    // Act
    const result = await retry(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw new Error(`attempt ${attempt} failed`);
        return 'done';
      },
      { retries: 5, backoff: { base: 100, cap: 1_000, jitter: 'equal' }, sleep, random: () => 0 },
    );

    // Assess
    expect(result).toBe('done');
    expect(seen).toEqual([1, 2, 3]);
    expect(waits).toEqual([50, 100]);
  });

  it('throws the last failure once the retries are spent', async () => {
    // Prepare
    const { waits, sleep } = recordingSleep();
    let calls = 0;

    // Act
    const outcome = retry(
      async () => {
        calls++;
        throw new Error(`failure ${calls}`);
      },
      { retries: 2, backoff: { base: 1, cap: 1 }, sleep, random: () => 1 },
    );

    // Assess
    await expect(outcome).rejects.toThrow('failure 3');
    expect(waits).toEqual([1, 1]);
  });

  it('throws at once what shouldRetry refuses, without waiting', async () => {
    // Prepare
    const { waits, sleep } = recordingSleep();
    const fatal = new Error('validation failed');

    // Act
    const outcome = retry(
      async () => {
        throw fatal;
      },
      { retries: 5, backoff: { base: 1, cap: 1 }, shouldRetry: (error) => error !== fatal, sleep },
    );

    // Assess
    await expect(outcome).rejects.toBe(fatal);
    expect(waits).toEqual([]);
  });
});
