import { type Envelope, eventInputSchema, toEnvelope } from '../envelope.ts';
import { fieldOf, findJsonViolation, MAX_DATA_DEPTH } from '../json-guard.ts';
import { type ProducerIdentity, sourceAllowed } from '../producer-keys.ts';
import { parseWith, ValidationError } from '../validation.ts';
import { SourceNotAllowedError } from './errors.ts';

export interface ValidatedEvent {
  readonly envelope: Envelope;
  /** Whether the producer gave `time` (else it defaults to receivedAt, and follows it on a retry). */
  readonly timeGiven: boolean;
}

/**
 * One raw event → its envelope, or a VigilError naming the field: the schema, then whatever no
 * consumer could keep exactly (depth, numbers, text; invariant 8), then the key's scope.
 */
export function validateEvent(
  raw: unknown,
  producer: ProducerIdentity,
  ids: { readonly id: string; readonly receivedAt: string },
): ValidatedEvent {
  const input = parseWith(eventInputSchema, raw);
  // The event itself is level 1, so `data` gets MAX_DATA_DEPTH levels of its own.
  const violation = findJsonViolation(input, { maxDepth: MAX_DATA_DEPTH + 1 });
  if (violation) throw new ValidationError(fieldOf(violation), violation.rule);
  if (!sourceAllowed(producer, input.source))
    throw new SourceNotAllowedError(input.source, producer.producer);
  return { envelope: toEnvelope(input, ids), timeGiven: input.time !== undefined };
}
