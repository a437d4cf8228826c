import type { Envelope } from '../envelope.ts';
import type { INGEST_METRICS, MetricSink } from '../metrics.ts';
import type { Claim, HistoryKey } from './dedup.ts';

/** The dedup claims and burst counters (DynamoDB in the cloud and locally). */
export interface DedupStore {
  /** Conditional put: succeeds when no live claim holds the key; else returns the live one. */
  claim(
    claim: Claim,
    nowMs: number,
  ): Promise<{ readonly claimed: true } | { readonly claimed: false; readonly existing: Claim }>;
  /**
   * Puts new claims where their keys are free, many per request: for each, whether it was written.
   * One not written (its key is held, or its part of the request failed) is left to claim(), which
   * also takes over a claim whose dedup window ended and returns a live one.
   */
  claimFree(claims: readonly Claim[]): Promise<readonly boolean[]>;
  /** Replaces a stale claim, only if it still carries `previousToken`. */
  takeOver(claim: Claim, previousToken: string): Promise<boolean>;
  get(source: string, dedupKey: string): Promise<Claim | undefined>;
  /**
   * Ends the lease of a claim this request holds (its event failed), so that a retry takes it over
   * at once and keeps the event's id and receivedAt, hence its history key.
   */
  abandon(claim: Claim): Promise<void>;
  markSuppressed(claim: Claim): Promise<void>;
  /** Atomically adds `n` to a window's counter and returns the total after the add. */
  addToBurstCounter(counter: BurstCounterKey, n: number): Promise<number>;
  getBurstCount(counter: BurstCounterKey): Promise<number>;
}

export interface BurstCounterKey {
  readonly source: string;
  readonly type: string;
  readonly windowStart: number;
  readonly windowSeconds: number;
  readonly threshold: number;
}

export interface HistoryStore {
  /** Writes the events; returns those not known to be written, by id, with the error. */
  put(events: readonly Envelope[]): Promise<ReadonlyMap<string, unknown>>;
  exists(key: HistoryKey): Promise<boolean>;
}

export type PublishOutcome =
  | { readonly id: string; readonly published: true }
  | {
      readonly id: string;
      readonly published: false;
      readonly errorCode: string;
      readonly errorMessage: string;
    };

export interface EventPublisher {
  /** Publishes with retries; one outcome per envelope, in order. Never throws for a failed entry. */
  publish(envelopes: readonly Envelope[]): Promise<PublishOutcome[]>;
}

/** What the pipeline needs of a logger: Powertools Logger fits, and so does a test spy. */
export interface Log {
  debug(message: string, ...extra: Record<string, unknown>[]): void;
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export type IngestMetric = (typeof INGEST_METRICS)[number];

export type Counters = MetricSink<IngestMetric>;

export interface Clock {
  now(): number;
}

export interface IdSource {
  /** A new ULID for an event received at `nowMs`. */
  eventId(nowMs: number): string;
  /** A random token for a claim attempt. */
  token(): string;
}
