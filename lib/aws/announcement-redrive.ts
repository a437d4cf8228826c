import type { AnnouncementCounters, AnnouncementOutbox } from '#lib/core/announcements/outbox.ts';
import type { EventPublisher, Log } from '#lib/core/ingest/ports.ts';

export interface RedriveDeps {
  readonly outbox: AnnouncementOutbox;
  /** A bus publisher (with retries) sending as the given Source. */
  readonly publisherFor: (busSource: string) => EventPublisher;
  readonly counters: AnnouncementCounters;
  readonly log: Pick<Log, 'info' | 'warn'>;
}

export interface RedriveResult {
  readonly redriven: number;
  readonly failed: number;
  /** True when the batch was full: call again for the rest. */
  readonly more: boolean;
}

/**
 * Publishes the oldest kept announcements again, each with the bus Source it first had, in the
 * order they were kept; a published one leaves the outbox, a failed one stays with attempts + 1.
 * Subscribers may see an announcement twice only if a first publish succeeded unnoticed (at least once).
 */
export async function redriveAnnouncements(deps: RedriveDeps, limit: number): Promise<RedriveResult> {
  const items = await deps.outbox.oldest(limit);
  let redriven = 0;
  let failed = 0;
  for (const item of items) {
    const [outcome] = await deps.publisherFor(item.busSource).publish([item.envelope]);
    if (outcome?.published) {
      await deps.outbox.remove(item);
      redriven++;
      deps.log.info('announcement redriven', { eventId: item.envelope.id, type: item.envelope.type });
    } else {
      const error = outcome
        ? { code: outcome.errorCode, message: outcome.errorMessage }
        : { code: 'Unknown', message: '' };
      await deps.outbox.recordFailure(item, error);
      failed++;
      deps.log.warn('announcement redrive failed; kept', {
        eventId: item.envelope.id,
        errorCode: error.code,
      });
    }
  }
  deps.counters.add('announcementsRedriven', redriven);
  return { redriven, failed, more: items.length === limit };
}
