/**
 * Base of every domain error. `code` is stable: clients, logs and tests match on it, never on the
 * message. `field` names the offending input path when there is one (e.g. `signal.state[2]`).
 */
export abstract class VigilError extends Error {
  abstract readonly code: string;
  readonly field: string | undefined;

  constructor(message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.field = options.field;
  }
}
