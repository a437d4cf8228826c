import { truncate } from './quote.ts';

/** No error message or field name grows past these, whatever input it quotes (invariant 6). */
export const MAX_ERROR_MESSAGE_CHARS = 1_000;
export const MAX_ERROR_FIELD_CHARS = 200;

/**
 * Base of every domain error. `code` is stable: clients, logs and tests match on it, never on the
 * message. `field` names the offending input path when there is one (e.g. `signal.state[2]`).
 */
export abstract class VigilError extends Error {
  abstract readonly code: string;
  readonly field: string | undefined;

  constructor(message: string, options: { field?: string; cause?: unknown } = {}) {
    super(
      truncate(message, MAX_ERROR_MESSAGE_CHARS),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = new.target.name;
    this.field = options.field === undefined ? undefined : truncate(options.field, MAX_ERROR_FIELD_CHARS);
  }
}
