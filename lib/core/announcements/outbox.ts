import type { Envelope } from '#lib/core/envelope.ts';
import type { ANNOUNCEMENT_METRICS, MetricSink } from '#lib/core/metrics.ts';

/**
 * An `alert.*` or `module.*` announcement that PutEvents still refused after its retries: kept,
 * with the bus Source it was sent as, until a redrive publishes it (or its TTL passes).
 */
export interface KeptAnnouncement {
  readonly envelope: Envelope;
  readonly busSource: string;
  readonly keptAt: string;
  readonly errorCode: string;
  readonly errorMessage: string;
  /** Publication attempts that ended here: 1 when first kept, +1 per failed redrive. */
  readonly attempts: number;
}

/** Where failed announcements wait for a redrive (DynamoDB in the cloud and locally). */
export interface AnnouncementOutbox {
  keep(items: readonly KeptAnnouncement[]): Promise<void>;
  /** The oldest kept announcements, at most `limit`, oldest first; expired ones are never returned. */
  oldest(limit: number): Promise<KeptAnnouncement[]>;
  /** Removes a published one. */
  remove(item: KeptAnnouncement): Promise<void>;
  /** Records a failed redrive of `item` (attempts + 1, the last error). */
  recordFailure(item: KeptAnnouncement, error: { code: string; message: string }): Promise<void>;
}

/** How long a kept announcement waits for a redrive before its TTL removes it. */
export const ANNOUNCEMENT_RETENTION_DAYS = 14;

/** The counts announcement publishers emit (Powertools Metrics in the functions). */
export type AnnouncementMetric = (typeof ANNOUNCEMENT_METRICS)[number];

export type AnnouncementCounters = MetricSink<AnnouncementMetric>;
