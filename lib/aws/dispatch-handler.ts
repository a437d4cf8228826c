import type { Log } from '#lib/core/ingest/ports.ts';
import type { MetricOf, MetricSink } from '#lib/core/metrics.ts';
import { type DeliveryMessage, type DeliveryRecord, sqsDelayFor } from '#lib/core/subscriptions/delivery.ts';
import { DISPATCHED_SOURCES, UNMATCHED_AUDIENCE_EVENT } from '#lib/core/subscriptions/dispatch-rule.ts';
import type { BusEvent } from '#lib/core/subscriptions/formats.ts';
import { resolutionAudience } from '#lib/core/subscriptions/notify.ts';
import {
  firstCheckAt,
  type NotifyCheck,
  openingPlan,
  scaleNotify,
} from '#lib/core/subscriptions/notify-check.ts';
import type { Subscription } from '#lib/core/subscriptions/subscription.ts';
import type { StoredPlan } from './notification-store.ts';
import { notificationDelivery } from './notify-checker.ts';
import type { Matcher } from './subscription-matcher.ts';

export interface DispatchDeps {
  readonly matcher: () => Promise<Matcher>;
  /** Creates the record; answers the existing one when this event × subscription was dispatched before. */
  readonly createRecord: (record: DeliveryRecord) => Promise<DeliveryRecord | undefined>;
  readonly enqueue: (messages: readonly DeliveryMessage[]) => Promise<void>;
  readonly notifications: {
    createPlan(stored: StoredPlan): Promise<boolean>;
    plansOf(alertId: string): Promise<StoredPlan[]>;
    enqueueCheck(check: NotifyCheck, delaySeconds: number): Promise<void>;
    /** 1 everywhere but in the e2e app (scaleNotify). */
    readonly timeScale: number;
  };
  readonly now: () => number;
  readonly log: Log;
  readonly metrics: MetricSink<MetricOf<'dispatch'>>;
}

/** The alert of Vigil's own `alert.*` events; a producer's event typed `alert.…` names none. */
function alertIdOf(event: BusEvent): string | undefined {
  const alert = event.detail.data?.alert as { id?: unknown } | undefined;
  const ours = event.source === UNMATCHED_AUDIENCE_EVENT.source && event['detail-type'].startsWith('alert.');
  return ours && typeof alert?.id === 'string' ? alert.id : undefined;
}

/**
 * `functions/dispatch`: a bus event → the subscriptions it matches (plus, for `alert.resolved`,
 * everyone the alert's notification plans told) → one delivery record and one delivery-queue
 * message each; an `alert.opened` also starts the plan of each matching subscription with `notify`.
 * A repeated bus delivery finds its records: only those still pending are enqueued again. Throws on
 * failure, so the rule target retries it and then dead-letters it.
 */
export function createDispatchHandler(deps: DispatchDeps) {
  /** `alert.resolved` reaches everyone who was notified, matching or not. */
  async function resolutionExtras(event: BusEvent, matched: Subscription[], matcher: Matcher) {
    const alertId = alertIdOf(event);
    if (event['detail-type'] !== UNMATCHED_AUDIENCE_EVENT.type || !alertId) return [];
    const plans = await deps.notifications.plansOf(alertId);
    const told = new Set(plans.flatMap((p) => resolutionAudience(p.plan)));
    for (const s of matched) told.delete(s.name);
    return [...told].flatMap((name) => matcher.byName(name) ?? []);
  }

  async function startPlans(event: BusEvent, matched: Subscription[], now: number) {
    const alertId = alertIdOf(event);
    if (event['detail-type'] !== 'alert.opened' || !alertId) return;
    for (const subscription of matched) {
      if (!subscription.notify) continue;
      const plan = openingPlan(alertId, subscription.name, now);
      await deps.notifications.createPlan({ plan, event, repeats: 0, ended: false });
      const at = firstCheckAt(plan, scaleNotify(subscription.notify, deps.notifications.timeScale));
      // Enqueued even when the plan existed (a repeated dispatch): a duplicate check finds nothing due.
      const check: NotifyCheck = { kind: 'notify', alertId, subscription: subscription.name };
      if (at !== undefined)
        await deps.notifications.enqueueCheck({ ...check, notBefore: at }, sqsDelayFor(at, now));
    }
  }

  return async (event: BusEvent): Promise<{ matched: number; enqueued: number }> => {
    // The rule's pattern is narrowed at run time: whatever it lets through, replays never reach subscribers.
    if (!DISPATCHED_SOURCES.includes(event.source)) return { matched: 0, enqueued: 0 };
    const matcher = await deps.matcher();
    const matched = matcher.matches(event);
    const recipients = [...matched, ...(await resolutionExtras(event, matched, matcher))];
    const now = deps.now();
    const at = new Date(now).toISOString();
    const messages: DeliveryMessage[] = [];
    await Promise.all(
      recipients.map(async (subscription) => {
        const { record, message } = notificationDelivery(event, subscription.name, at);
        const existing = await deps.createRecord(record);
        if (!existing || existing.status === 'pending') messages.push(message);
      }),
    );
    if (messages.length > 0) await deps.enqueue(messages);
    await startPlans(event, matched, now);
    deps.metrics.add('eventsDispatched', 1);
    deps.metrics.add('subscriptionsMatched', recipients.length);
    deps.metrics.add('deliveriesEnqueued', messages.length);
    // An event no subscription wants is the common case: its line is debug, so it costs no log bytes.
    const level = recipients.length > 0 ? 'info' : 'debug';
    deps.log[level]('event dispatched', {
      eventId: event.detail.id,
      type: event['detail-type'],
      subscriptions: recipients.map((s) => s.name),
      enqueued: messages.length,
    });
    return { matched: recipients.length, enqueued: messages.length };
  };
}
