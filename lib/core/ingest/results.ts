/** The error body of every 4xx/5xx, and of each rejected or failed item in a batch. */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
  readonly retryable?: boolean;
}

/** One result per submitted event, in request order. */
export type EventResult =
  | { readonly id: string; readonly status: 'accepted' }
  | { readonly id: string; readonly status: 'duplicate' }
  | { readonly id: string; readonly status: 'suppressed' }
  /** An ingest middleware `drop` step matched: not kept, not published (the id echoed if one was given). */
  | { readonly id: string | null; readonly status: 'filtered' }
  | { readonly id: string | null; readonly status: 'rejected'; readonly error: ErrorBody }
  /** Not accepted because a dependency failed after retries: retry the same event (same id). */
  | { readonly id: string; readonly status: 'failed'; readonly error: ErrorBody };

export type EventStatus = EventResult['status'];

export function errorBodyOf(
  error: { code: string; message: string; field?: string | undefined },
  retryable?: boolean,
): ErrorBody {
  return {
    code: error.code,
    message: error.message,
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(retryable === undefined ? {} : { retryable }),
  };
}
