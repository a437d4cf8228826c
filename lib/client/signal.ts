import { signalSchema } from '#lib/core/event-input.ts';
import { parseWith, ValidationError } from '#lib/core/validation.ts';
import { VigilValidationError } from './errors.ts';
import type { Signal } from './types.ts';

/**
 * Checks a signal with the server's own schema and messages (`lib/core/envelope.ts`): `state`
 * non-empty, one-dimensional, finite numbers only; `valence` (and `score`, if given) finite numbers.
 * Throws a {@link VigilValidationError} whose message is what ingest would answer.
 *
 * @example
 * ```ts
 * checkSignal({ valence: 0.2, state: [71.5, 70.9] });          // ok
 * checkSignal({ valence: 0, state: [1, 'two'] });               // throws: signal.state[1]: must be a finite number
 * ```
 */
export function checkSignal(signal: unknown, field = 'signal'): Signal {
  try {
    return parseWith(signalSchema, signal, field);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new VigilValidationError(error.message, error.field === undefined ? {} : { field: error.field });
  }
}

/**
 * Whether a value looks like a bare signal (`{valence, state}`) rather than an event.
 *
 * @example
 * ```ts
 * isSignal({ valence: 1, state: [2] }); // true
 * ```
 */
export function isSignal(value: unknown): value is Signal {
  return (
    typeof value === 'object' &&
    value !== null &&
    'state' in value &&
    'valence' in value &&
    !('source' in value) &&
    !('type' in value)
  );
}
