import { VigilError } from '../errors.ts';

/** A pattern EventBridge would refuse with `InvalidEventPatternException`. The message names the path. */
export class InvalidEventPatternError extends VigilError {
  readonly code = 'INVALID_EVENT_PATTERN';
  override readonly status = 400;
}

/** Label used for problems with the pattern as a whole (not JSON, not an object, too long, ...). */
export const ROOT_LABEL = 'event pattern';

/** Throws an {@link InvalidEventPatternError} reading `<path>: <reason>`. */
export function invalid(path: string, reason: string): never {
  throw new InvalidEventPatternError(`${path}: ${reason}`, {
    field: path === ROOT_LABEL ? undefined : path,
  });
}

/** Joins a label and a key for messages (`detail` + `state` → `detail.state`). */
export function childLabel(parent: string | undefined, key: string): string {
  return parent === undefined ? key : `${parent}.${key}`;
}
