import { retry, type Timing } from '#lib/core/backoff.ts';

/** Waits are injectable (`sleep`, `random`) for tests. */
export interface RetryPolicy extends Timing {
  /** Attempts after the first one. */
  readonly retries: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
}

/** Bounded so that every retry fits well inside an API request (API Gateway gives up after 30 s). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 4, minDelayMs: 50, maxDelayMs: 1_000 };

const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'InternalFailure',
  'InternalException',
  'ServiceUnavailable',
  'TimeoutError',
  'TransactionConflictException',
]);

/** Throttling, 5xx and network failures are worth another attempt; validation or access errors are not. */
export function isRetryableAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const meta = (error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown }).$metadata;
  if ((error as { $retryable?: unknown }).$retryable) return true;
  if (RETRYABLE_NAMES.has(error.name)) return true;
  if (meta?.httpStatusCode !== undefined && meta.httpStatusCode >= 500) return true;
  const code = (error as { code?: string }).code;
  return code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'EPIPE';
}

/**
 * Exponential backoff with equal jitter: retry n waits in [min·2^n, min·2^(n+1)], capped at
 * `maxDelayMs`; only what `isRetryable` allows is retried.
 */
export function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  isRetryable: (error: unknown) => boolean = isRetryableAwsError,
): Promise<T> {
  return retry(attempt, {
    retries: policy.retries,
    backoff: { base: policy.minDelayMs * 2, cap: policy.maxDelayMs, jitter: 'equal' },
    shouldRetry: isRetryable,
    sleep: policy.sleep,
    random: policy.random,
  });
}
