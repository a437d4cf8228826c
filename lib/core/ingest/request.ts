import { truncate } from '../quote.ts';
import { BodyTooLargeError, MalformedBodyError } from './errors.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_BATCH_EVENTS = 100;

/** A parsed body: one event, or a batch of raw (not yet validated) events. */
export type IngestRequest =
  | { readonly kind: 'single'; readonly event: unknown }
  | { readonly kind: 'batch'; readonly events: readonly unknown[] };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decodes and shapes the HTTP body; every event is validated later, one by one. */
export function parseIngestBody(body: string | undefined, isBase64Encoded: boolean): IngestRequest {
  if (body === undefined || body === '')
    throw new MalformedBodyError('body: is required (an event or {"events": [...]})');
  const raw = isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) {
    throw new BodyTooLargeError(`body: must be at most ${MAX_BODY_BYTES} bytes, got ${raw.byteLength}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new MalformedBodyError('body: must be UTF-8 text');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new MalformedBodyError(`body: must be valid JSON (${(error as Error).message})`);
  }
  if (!isObject(parsed))
    throw new MalformedBodyError('body: must be a JSON object (an event or {"events": [...]})');
  if (!('events' in parsed)) return { kind: 'single', event: parsed };
  const events = parsed.events;
  const extra = Object.keys(parsed).filter((key) => key !== 'events');
  if (extra.length > 0)
    throw new MalformedBodyError(`${truncate(String(extra[0]))}: is not a known field of a batch`, {
      field: String(extra[0]),
    });
  if (!Array.isArray(events)) throw new MalformedBodyError('events: must be an array', { field: 'events' });
  if (events.length === 0 || events.length > MAX_BATCH_EVENTS) {
    throw new MalformedBodyError(`events: must hold 1-${MAX_BATCH_EVENTS} events, got ${events.length}`, {
      field: 'events',
    });
  }
  return { kind: 'batch', events };
}
