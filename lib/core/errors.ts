import { truncate } from './quote.ts';

/** No error message or field name grows past these, whatever input it quotes (invariant 6). */
export const MAX_ERROR_MESSAGE_CHARS = 1_000;
export const MAX_ERROR_FIELD_CHARS = 200;

/**
 * Base of every domain error. `code` is stable: clients, logs and tests match on it, never on the
 * message. `field` names the offending input path when there is one (e.g. `signal.state[2]`).
 * `status` is the HTTP status an API answers it with: plain data, so that each error kind states
 * it once (lib/aws/http-errors.ts answers with it); 500 marks a failure no caller should see.
 */
export abstract class VigilError extends Error {
  abstract readonly code: string;
  readonly status: number = 500;
  readonly field: string | undefined;

  constructor(message: string, options: { field?: string; cause?: unknown } = {}) {
    super(
      truncate(message, MAX_ERROR_MESSAGE_CHARS),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = new.target.name;
    this.field = options.field === undefined ? undefined : truncate(options.field, MAX_ERROR_FIELD_CHARS);
  }

  /** A 503 asks the caller to try again later (the body says `retryable: true`). */
  get retryable(): boolean {
    return this.status === 503;
  }

  /** Whether a caller may see the code, message and field: every 4xx, and a 503 (retry later). */
  get expose(): boolean {
    return this.status < 500 || this.retryable;
  }
}
