import type { Log } from '#lib/core/ingest/ports.ts';
import { type DeliveryMessage, type DeliveryRecord, deliveryIdOf } from '#lib/core/subscriptions/delivery.ts';
import type { BusEvent } from '#lib/core/subscriptions/formats.ts';
import type { Subscription } from '#lib/core/subscriptions/subscription.ts';
import type { Matcher } from './subscription-matcher.ts';

export interface DispatchDeps {
  readonly matcher: () => Promise<Matcher>;
  /** Creates the record; answers the existing one when this event × subscription was dispatched before. */
  readonly createRecord: (record: DeliveryRecord) => Promise<DeliveryRecord | undefined>;
  readonly enqueue: (messages: readonly DeliveryMessage[]) => Promise<void>;
  readonly now: () => number;
  readonly log: Log;
}

function recordFor(event: BusEvent, subscription: Subscription, at: string): DeliveryRecord {
  return {
    deliveryId: deliveryIdOf(event.detail.id, subscription.name),
    eventId: event.detail.id,
    subscription: subscription.name,
    status: 'pending',
    attempt: 0,
    createdAt: at,
    updatedAt: at,
    event,
  };
}

/**
 * `functions/dispatch`: a bus event → the subscriptions it matches → one delivery record and one
 * delivery-queue message each. A repeated bus delivery of the event finds its records: only those
 * still pending (the earlier dispatch failed before enqueueing) are enqueued again. Throws on failure,
 * so the rule target retries it and then dead-letters it.
 */
export function createDispatchHandler(deps: DispatchDeps) {
  return async (event: BusEvent): Promise<{ matched: number; enqueued: number }> => {
    const matched = (await deps.matcher()).matches(event as unknown as Record<string, unknown>);
    const at = new Date(deps.now()).toISOString();
    const messages: DeliveryMessage[] = [];
    await Promise.all(
      matched.map(async (subscription) => {
        const record = recordFor(event, subscription, at);
        const existing = await deps.createRecord(record);
        if (existing && existing.status !== 'pending') return;
        const { deliveryId, eventId } = record;
        messages.push({ deliveryId, eventId, subscription: subscription.name, attempt: 1 });
      }),
    );
    if (messages.length > 0) await deps.enqueue(messages);
    deps.log.info('event dispatched', {
      eventId: event.detail.id,
      type: event['detail-type'],
      subscriptions: matched.map((s) => s.name),
      enqueued: messages.length,
    });
    return { matched: matched.length, enqueued: messages.length };
  };
}
