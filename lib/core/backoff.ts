/**
 * Jittered exponential backoff, the one every retry loop in Vigil uses. The step before retry
 * `attempt` (0 = the first retry) is `base · 2^attempt`, capped at `cap`, then jittered so that
 * contenders retrying together spread out. Time and chance are injected (`sleep`, `random`), so a
 * test decides both and never waits.
 */

/** `full`: anywhere in [0, step] (spreads contenders most). `equal`: in [step/2, step] (never much shorter). */
export type Jitter = 'full' | 'equal';

export interface BackoffPolicy {
  /** The first step, in the caller's unit (milliseconds for waits). */
  readonly base: number;
  /** No step grows beyond this. */
  readonly cap: number;
  /** @default 'full' */
  readonly jitter?: Jitter;
}

/** What a retry loop waits with. Tests inject both; production leaves them out. */
export interface Timing {
  /** @default a setTimeout promise */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1). @default Math.random */
  readonly random?: () => number;
}

/** Optimistic writes that lost a race on one item (an alert, a module): short, fully jittered waits. */
export const CONFLICT_BACKOFF: BackoffPolicy = { base: 1, cap: 50 };

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The jittered wait before retry `attempt` (0-based).
 *
 * @example
 * ```ts
 * backoffDelay({ base: 20, cap: 200, jitter: 'equal' }, 2, () => 0.5); // step 80 → 60
 * ```
 */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const step = Math.min(policy.cap, policy.base * 2 ** attempt);
  return policy.jitter === 'equal' ? step / 2 + random() * (step / 2) : random() * step;
}

/** Waits the jittered delay before retry `attempt` (0-based). */
export function pause(policy: BackoffPolicy, attempt: number, timing: Timing = {}): Promise<void> {
  return (timing.sleep ?? realSleep)(backoffDelay(policy, attempt, timing.random));
}

export interface RetryOptions extends Timing {
  /** Retries after the first attempt. */
  readonly retries: number;
  readonly backoff: BackoffPolicy;
  /** Whether a failure is worth another attempt. @default every failure is */
  readonly shouldRetry?: (error: unknown) => boolean;
}

/**
 * Runs `attempt` (numbered from 1) until it resolves; a failure that is not retryable, or the last
 * one once `retries` retries have failed, is thrown as it is.
 */
export async function retry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  for (let retried = 0; ; retried++) {
    try {
      return await attempt(retried + 1);
    } catch (error) {
      if (retried >= options.retries || !(options.shouldRetry?.(error) ?? true)) throw error;
      await pause(options.backoff, retried, options);
    }
  }
}
