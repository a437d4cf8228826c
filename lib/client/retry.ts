import { backoffDelay as jitteredDelay, realSleep } from '#lib/core/backoff.ts';

/**
 * How a producer retries: 429, 503 and network errors, with exponential backoff and full jitter,
 * never sooner than the server's `Retry-After`.
 *
 * @example
 * ```ts
 * new EventProducer({ client, retry: { maxAttempts: 8, baseDelayMs: 200 } });
 * ```
 */
export interface RetryOptions {
  /** Tries per event, the first included. @default 6 */
  readonly maxAttempts?: number;
  /** The ceiling of the first backoff; it doubles each attempt. @default 100 */
  readonly baseDelayMs?: number;
  /** No backoff (jittered or from `Retry-After`) waits longer than this. @default 20_000 */
  readonly maxDelayMs?: number;
  /** Waits between attempts; tests inject one that records and returns at once. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Math.random */
  readonly random?: () => number;
}

export type RetryPolicy = Required<RetryOptions>;

/**
 * Fills in the defaults.
 *
 * @example
 * ```ts
 * retryPolicy({ maxAttempts: 3 }).baseDelayMs; // 100
 * ```
 */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  return {
    maxAttempts: options.maxAttempts ?? 6,
    baseDelayMs: options.baseDelayMs ?? 100,
    maxDelayMs: options.maxDelayMs ?? 20_000,
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
  };
}

/**
 * The wait before retry number `attempt` (1 = the first retry): full jitter over
 * `baseDelayMs · 2^(attempt-1)`, at least `retryAfterMs`, at most `maxDelayMs`.
 *
 * @example
 * ```ts
 * backoffDelay(retryPolicy(), 1, 2_000); // 2000..2100 ms: Retry-After: 2 wins over the jitter
 * ```
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number): number {
  const jittered = Math.round(
    jitteredDelay({ base: policy.baseDelayMs, cap: policy.maxDelayMs }, attempt - 1, policy.random),
  );
  return Math.min(policy.maxDelayMs, Math.max(jittered, (retryAfterMs ?? 0) + jittered / 20));
}

/**
 * `Retry-After` in milliseconds: delta-seconds or an HTTP date; undefined when absent or unusable.
 *
 * @example
 * ```ts
 * parseRetryAfter('3'); // 3000
 * ```
 */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
