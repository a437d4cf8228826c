import pRetry, { AbortError } from 'p-retry';

export interface RetryPolicy {
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

/** Exponential backoff with jitter (p-retry's randomize), retrying only what `isRetryable` allows. */
export function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  isRetryable: (error: unknown) => boolean = isRetryableAwsError,
): Promise<T> {
  return pRetry(
    async (attemptNumber) => {
      try {
        return await attempt(attemptNumber);
      } catch (error) {
        if (isRetryable(error)) throw error;
        throw new AbortError(error instanceof Error ? error : new Error(String(error)));
      }
    },
    {
      retries: policy.retries,
      minTimeout: policy.minDelayMs,
      maxTimeout: policy.maxDelayMs,
      factor: 2,
      randomize: true,
    },
  );
}
