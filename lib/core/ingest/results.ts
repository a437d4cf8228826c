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

/** The HTTP status of the error each body was made from, kept beside the body so that it never shows in it. */
const STATUS_OF_BODY = new WeakMap<ErrorBody, number>();

export function errorBodyOf(
  error: { code: string; message: string; field?: string | undefined; status?: number },
  retryable?: boolean,
): ErrorBody {
  const body: ErrorBody = {
    code: error.code,
    message: error.message,
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(retryable === undefined ? {} : { retryable }),
  };
  if (error.status !== undefined) STATUS_OF_BODY.set(body, error.status);
  return body;
}

/** The HTTP status of the error a body was made from (a single event's answer); 500 when unknown. */
export function statusOfErrorBody(body: ErrorBody): number {
  return STATUS_OF_BODY.get(body) ?? 500;
}
