import type { Envelope } from '../envelope.ts';
import { type EventInput, eventInputSchema, toEnvelope } from '../event-input.ts';
import { fieldOf, findJsonViolation, MAX_DATA_DEPTH } from '../json-guard.ts';
import { type ProducerIdentity, sourceAllowed } from '../producer-keys.ts';
import { parseWith, ValidationError } from '../validation.ts';
import { SourceNotAllowedError } from './errors.ts';
import { applyMiddleware, type CompiledStep } from './middleware.ts';
import { assertModuleInScope } from './module-scope.ts';

export type ValidatedEvent =
  | {
      readonly kind: 'event';
      readonly envelope: Envelope;
      /** Whether the producer gave `time` (else it defaults to receivedAt, and follows it on a retry). */
      readonly timeGiven: boolean;
    }
  /** An ingest middleware `drop` step matched: the event is answered `filtered` and not kept. */
  | { readonly kind: 'filtered'; readonly step: number };

/** The schema, then whatever no consumer could keep exactly (depth, numbers, text; invariant 8). */
function parseInput(raw: unknown, after = '') {
  let input: EventInput;
  try {
    input = parseWith(eventInputSchema, raw);
  } catch (error) {
    if (!(error instanceof ValidationError) || !after) throw error;
    throw new ValidationError(error.field, `${error.rule}${after}`);
  }
  // The event itself is level 1, so `data` gets MAX_DATA_DEPTH levels of its own.
  const violation = findJsonViolation(input, { maxDepth: MAX_DATA_DEPTH + 1 });
  if (violation) throw new ValidationError(fieldOf(violation), `${violation.rule}${after}`);
  return input;
}

/**
 * One raw event → its envelope, or a VigilError naming the field: the schema and the storable
 * checks, the ingest middleware (whose result is checked again), then the key's scopes (sources,
 * and modules and commands for state events).
 */
export function validateEvent(
  raw: unknown,
  producer: ProducerIdentity,
  ids: { readonly id: string; readonly receivedAt: string },
  middleware: readonly CompiledStep[] = [],
): ValidatedEvent {
  let input = parseInput(raw);
  const outcome = applyMiddleware(input, middleware);
  if (outcome.kind === 'drop') return { kind: 'filtered', step: outcome.step };
  if (outcome.changed) input = parseInput(outcome.event, ' (after the ingest middleware)');
  if (!sourceAllowed(producer, input.source))
    throw new SourceNotAllowedError(input.source, producer.producer);
  assertModuleInScope(producer, input);
  return { kind: 'event', envelope: toEnvelope(input, ids), timeGiven: input.time !== undefined };
}
