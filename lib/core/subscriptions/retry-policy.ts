import * as z from 'zod/mini';
import { backoffDelay } from '../backoff.ts';

/** What a failed attempt was: an HTTP answer, or no answer at all. */
export type AttemptFailure =
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'network'; readonly reason: string };

export const RETRY_CLASSES = ['5xx', '429', '408', 'network'] as const;

export const retryPolicySchema = z.strictObject({
  /** Attempts in all, the first included. */
  maxAttempts: z._default(z.number().check(z.int(), z.gte(1), z.lte(20)), 5),
  /** Seconds before the second attempt; each later wait doubles. */
  backoffFactor: z._default(z.number().check(z.gte(0.1), z.lte(3_600)), 2),
  /** The longest wait between two attempts, in seconds. */
  maxBackoff: z._default(z.number().check(z.gte(1), z.lte(43_200)), 300),
  /** Which failures are worth another attempt. Other 4xx answers never are. */
  retryOn: z._default(z.array(z.enum(RETRY_CLASSES)).check(z.minLength(1)), [...RETRY_CLASSES]),
});
export type RetryPolicy = z.output<typeof retryPolicySchema>;

/** Whether a failure is retried under the policy: 5xx, 429, 408 and network errors, as chosen. */
export function isRetryable(failure: AttemptFailure, policy: RetryPolicy): boolean {
  if (failure.kind === 'network') return policy.retryOn.includes('network');
  const { status } = failure;
  if (status >= 500) return policy.retryOn.includes('5xx');
  if (status === 429) return policy.retryOn.includes('429');
  if (status === 408) return policy.retryOn.includes('408');
  return false;
}

/**
 * Seconds to wait after failed attempt `attempt` (1-based): `backoffFactor × 2^(attempt−1)`,
 * capped at `maxBackoff`, then "equal jitter" (half fixed, half random) so that receivers recovering
 * from an outage are not hit by every retry at once, yet no wait is shorter than half its step.
 */
export function delayAfter(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  return backoffDelay(
    { base: policy.backoffFactor, cap: policy.maxBackoff, jitter: 'equal' },
    attempt - 1,
    random,
  );
}

export type NextStep =
  | { readonly kind: 'retry'; readonly attempt: number; readonly delaySeconds: number }
  | { readonly kind: 'dead-letter'; readonly reason: 'not-retryable' | 'attempts-exhausted' };

/** After attempt `attempt` failed: try again (which attempt, after how long) or dead-letter it. */
export function nextStep(
  attempt: number,
  failure: AttemptFailure,
  policy: RetryPolicy,
  random: () => number = Math.random,
): NextStep {
  if (!isRetryable(failure, policy)) return { kind: 'dead-letter', reason: 'not-retryable' };
  if (attempt >= policy.maxAttempts) return { kind: 'dead-letter', reason: 'attempts-exhausted' };
  return { kind: 'retry', attempt: attempt + 1, delaySeconds: delayAfter(attempt, policy, random) };
}
