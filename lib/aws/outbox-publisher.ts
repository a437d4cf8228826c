import type {
  AnnouncementCounters,
  AnnouncementOutbox,
  KeptAnnouncement,
} from '#lib/core/announcements/outbox.ts';
import type { Envelope } from '#lib/core/envelope.ts';
import type { EventPublisher, Log, PublishOutcome } from '#lib/core/ingest/ports.ts';

export interface OutboxPublisherOptions {
  /** The bus publisher, which already retries retryable failures (EventBridgePublisher). */
  readonly publisher: EventPublisher;
  /** The bus Source the publisher sends as, kept with each failed announcement for its redrive. */
  readonly busSource: string;
  readonly outbox: AnnouncementOutbox;
  readonly counters: AnnouncementCounters;
  readonly log: Pick<Log, 'error' | 'warn'>;
  readonly now?: () => number;
}

/**
 * Publishes announcements (`alert.*`, `module.*`); what still fails after the publisher's retries
 * is kept in the outbox for `POST /announcements/redrive` and counted (`announcementsKept`). Only if
 * the outbox write fails too is an announcement lost: logged whole and counted (`announcementsLost`).
 * Returns the publisher's outcomes unchanged, so callers still see what did not go out.
 */
export class OutboxPublisher implements EventPublisher {
  constructor(private readonly options: OutboxPublisherOptions) {}

  async publish(envelopes: readonly Envelope[]): Promise<PublishOutcome[]> {
    const outcomes = await this.options.publisher.publish(envelopes);
    const keptAt = new Date((this.options.now ?? Date.now)()).toISOString();
    const failed: KeptAnnouncement[] = [];
    outcomes.forEach((outcome, i) => {
      const envelope = envelopes[i];
      if (outcome.published || !envelope) return;
      failed.push({
        envelope,
        busSource: this.options.busSource,
        keptAt,
        errorCode: outcome.errorCode,
        errorMessage: outcome.errorMessage,
        attempts: 1,
      });
    });
    if (failed.length > 0) await this.keep(failed);
    return outcomes;
  }

  private async keep(failed: KeptAnnouncement[]): Promise<void> {
    const { outbox, counters, log } = this.options;
    try {
      await outbox.keep(failed);
      counters.add('announcementsKept', failed.length);
      for (const item of failed)
        log.warn('announcement kept in the outbox for a redrive', {
          eventId: item.envelope.id,
          type: item.envelope.type,
          errorCode: item.errorCode,
        });
    } catch (error) {
      counters.add('announcementsLost', failed.length);
      for (const item of failed)
        log.error('announcement lost: not published and not kept', {
          eventId: item.envelope.id,
          envelope: item.envelope,
          reason: (error as Error).message,
        });
    }
  }
}
