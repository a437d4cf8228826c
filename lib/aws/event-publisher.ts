import type { EventBridgeClient, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { BUS_SOURCES } from '#lib/core/bus-event.ts';
import type { Envelope } from '../core/envelope.ts';
import type { EventPublisher, PublishOutcome } from '../core/ingest/ports.ts';
import {
  type BusEntry,
  MAX_PUT_EVENTS_BYTES,
  planPutEventsBatches,
  putEventsEntrySize,
  RETRYABLE_ENTRY_ERRORS,
  toBusEntry,
} from '../core/ingest/publication.ts';
import { DEFAULT_RETRY_POLICY, isRetryableAwsError, type RetryPolicy, withRetry } from './retry.ts';
import { PutEventsCommand } from './sdk-eventbridge.ts';

export interface EventBridgePublisherOptions {
  readonly client: EventBridgeClient;
  readonly busName: string;
  /** Bus `Source` of the events: `vigil.ingest` unless the publisher is replay or a consumer. */
  readonly busSource?: string;
  readonly retry?: RetryPolicy;
  readonly maxBatchBytes?: number;
}

interface Pending {
  readonly index: number;
  readonly entry: BusEntry;
  lastError?: { code: string; message: string };
}

/** Raised inside an attempt to make withRetry try again with the entries still pending. */
class EntriesPendingError extends Error {
  override readonly name = 'EntriesPendingError';
}

/**
 * PutEvents in batches of ≤ 10 entries and ≤ 256 KiB. Entries that come back failed with a
 * retryable code (and whole calls that throw retryably) are sent again with backoff and jitter;
 * what still fails is reported per envelope, never thrown.
 */
export class EventBridgePublisher implements EventPublisher {
  constructor(private readonly options: EventBridgePublisherOptions) {}

  async publish(envelopes: readonly Envelope[]): Promise<PublishOutcome[]> {
    const source = this.options.busSource ?? BUS_SOURCES.ingest;
    const items: Pending[] = envelopes.map((envelope, index) => ({
      index,
      entry: toBusEntry(envelope, this.options.busName, source),
    }));
    const outcomes: PublishOutcome[] = envelopes.map((envelope) => ({ id: envelope.id, published: true }));
    const batches = planPutEventsBatches(
      items,
      (item) => putEventsEntrySize(item.entry),
      this.options.maxBatchBytes ?? MAX_PUT_EVENTS_BYTES,
    );
    await Promise.all(
      batches.map(async (batch) => {
        for (const failure of await this.sendWithRetry(batch)) {
          outcomes[failure.index] = {
            id: (envelopes[failure.index] as Envelope).id,
            published: false,
            errorCode: failure.lastError?.code ?? 'Unknown',
            errorMessage: failure.lastError?.message ?? 'publication failed',
          };
        }
      }),
    );
    return outcomes;
  }

  /** Returns the entries that never got through. */
  private async sendWithRetry(batch: Pending[]): Promise<Pending[]> {
    let pending = batch;
    const abandoned: Pending[] = [];
    try {
      await withRetry(
        async () => {
          let entries: PutEventsResultEntry[];
          try {
            const response = await this.options.client.send(
              new PutEventsCommand({ Entries: pending.map((p) => p.entry) }),
            );
            entries = response.Entries ?? [];
          } catch (error) {
            const err = error as Error;
            for (const item of pending) item.lastError = { code: err.name, message: err.message };
            throw error;
          }
          const retry: Pending[] = [];
          pending.forEach((item, i) => {
            const result = entries[i];
            if (result && result.ErrorCode === undefined && result.EventId !== undefined) return;
            const code = result?.ErrorCode ?? 'MissingResult';
            item.lastError = {
              code,
              message: result?.ErrorMessage ?? 'no result entry returned for this event',
            };
            (RETRYABLE_ENTRY_ERRORS.has(code) ? retry : abandoned).push(item);
          });
          pending = retry;
          if (pending.length > 0) throw new EntriesPendingError(`${pending.length} entries failed retryably`);
        },
        this.options.retry ?? DEFAULT_RETRY_POLICY,
        (error) => error instanceof EntriesPendingError || isRetryableAwsError(error),
      );
      return abandoned;
    } catch {
      return [...abandoned, ...pending];
    }
  }
}
