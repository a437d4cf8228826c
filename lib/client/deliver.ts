import { monotonicFactory } from 'ulid';
import { VigilHttpError, VigilNetworkError } from './errors.ts';
import { backoffDelay, type RetryPolicy } from './retry.ts';
import { checkSignal } from './signal.ts';
import { httpErrorOf, type Transport } from './transport.ts';
import type { ErrorDetail, PublishResult, VigilEvent } from './types.ts';

/** At most this many events per request (the API's batch limit). */
export const MAX_BATCH_EVENTS = 100;
/** Requests stay under the API's 1 MiB body limit with room for the envelope. */
export const MAX_BATCH_BYTES = 900 * 1024;

const nextId = monotonicFactory();

/** An event as it goes on the wire: its id fixed on the client, so that a retry is a duplicate, never a second event. */
export type WireEvent = Omit<VigilEvent, 'time'> & { id: string; time?: string };

/**
 * Checks an event's signal with the server's schema and gives it an id and a wire time; throws
 * VigilValidationError before any network call.
 */
export function prepareEvent(event: VigilEvent): WireEvent {
  if (event.signal !== undefined) checkSignal(event.signal);
  const { time, ...rest } = event;
  return {
    ...rest,
    id: event.id ?? nextId(),
    ...(time === undefined ? {} : { time: time instanceof Date ? time.toISOString() : time }),
  };
}

/** Splits prepared events into requests of at most 100 events and about 900 KiB. */
export function chunk(events: readonly WireEvent[]): WireEvent[][] {
  const chunks: WireEvent[][] = [];
  let current: WireEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = Buffer.byteLength(JSON.stringify(event)) + 1;
    if (current.length > 0 && (current.length >= MAX_BATCH_EVENTS || bytes + size > MAX_BATCH_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(event);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

const detailOf = (error: { code: string; message: string; field?: string | undefined }): ErrorDetail => ({
  code: error.code,
  message: error.message,
  ...(error.field === undefined ? {} : { field: error.field }),
});

/**
 * Observes each HTTP attempt (tests, progress bars, retry counts).
 *
 * @example
 * ```ts
 * new EventProducer({ client, onAttempt: ({ events, status }) => console.log(events, status) });
 * ```
 */
export type AttemptListener = (attempt: {
  readonly events: number;
  readonly status: number | 'network';
}) => void;

/**
 * Sends one batch (≤ 100 prepared events) until every event has an outcome: 429 and 503 answers and
 * network errors are retried whole, a `failed` item of a 202/207 answer is retried alone, always
 * with backoff and never before `Retry-After`. Any other error status throws a VigilHttpError: it
 * concerns the request (key, body), not one event.
 */
export async function deliverBatch(
  transport: Transport,
  events: readonly WireEvent[],
  policy: RetryPolicy,
  onAttempt?: AttemptListener,
): Promise<PublishResult[]> {
  const results: (PublishResult | undefined)[] = events.map(() => undefined);
  let pending = events.map((_, index) => index);
  for (let attempt = 1; ; attempt++) {
    let retryAfterMs: number | undefined;
    let lastError: ErrorDetail;
    try {
      const answer = await transport.send('producer', 'POST', '/events', {
        body: { events: pending.map((i) => events[i]) },
      });
      onAttempt?.({ events: pending.length, status: answer.status });
      const itemResults: unknown = answer.body?.results;
      if (Array.isArray(itemResults) && itemResults.length === pending.length) {
        const stillFailing: number[] = [];
        pending.forEach((eventIndex, i) => {
          const answered = itemResults[i] as PublishResult;
          // A rejected item may come back without an id: it is the one the client gave it.
          const result = {
            ...answered,
            id: answered.id ?? (events[eventIndex] as WireEvent).id,
          } as PublishResult;
          results[eventIndex] = result;
          if (result.status === 'failed') stillFailing.push(eventIndex);
        });
        pending = stillFailing;
        if (pending.length === 0) return results as PublishResult[];
        const error = httpErrorOf(answer);
        retryAfterMs = error.retryAfterMs;
        lastError = (results[pending[0] as number] as { error: ErrorDetail }).error;
      } else {
        const error = httpErrorOf(answer);
        if (!error.retryable) throw error;
        retryAfterMs = error.retryAfterMs;
        lastError = detailOf(error);
      }
    } catch (error) {
      if (error instanceof VigilHttpError) throw error;
      if (!(error instanceof VigilNetworkError)) throw error;
      onAttempt?.({ events: pending.length, status: 'network' });
      lastError = detailOf(error);
    }
    if (attempt >= policy.maxAttempts) {
      for (const i of pending)
        results[i] = {
          id: (events[i] as WireEvent).id,
          status: 'failed',
          error: { ...lastError, retryable: true },
        };
      return results as PublishResult[];
    }
    await policy.sleep(backoffDelay(policy, attempt, retryAfterMs));
  }
}
