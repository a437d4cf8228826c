import type { AlertState } from '#lib/core/alerts/lifecycle.ts';
import type { Log } from '#lib/core/ingest/ports.ts';
import {
  type DeliveryMessage,
  type DeliveryRecord,
  deliveryIdOf,
  sqsDelayFor,
} from '#lib/core/subscriptions/delivery.ts';
import type { BusEvent } from '#lib/core/subscriptions/formats.ts';
import { decideNotifications, type NotificationDue } from '#lib/core/subscriptions/notify.ts';
import { type NotifyCheck, scaleNotify } from '#lib/core/subscriptions/notify-check.ts';
import type { StoredPlan } from './notification-store.ts';
import type { StoredSubscription } from './subscription-store.ts';

export interface NotifyCheckDeps {
  readonly plans: {
    get(alertId: string, subscription: string): Promise<StoredPlan | undefined>;
    replace(next: StoredPlan, previous: StoredPlan): Promise<boolean>;
  };
  readonly subscriptions: { get(name: string): Promise<StoredSubscription | undefined> };
  readonly alertState: (alertId: string) => Promise<AlertState | undefined>;
  readonly createRecord: (record: DeliveryRecord) => Promise<DeliveryRecord | undefined>;
  readonly enqueueDeliveries: (messages: readonly DeliveryMessage[]) => Promise<void>;
  readonly enqueueCheck: (check: NotifyCheck, delaySeconds: number) => Promise<void>;
  readonly now: () => number;
  /** 1 everywhere but in the e2e app (scaleNotify). */
  readonly timeScale: number;
  readonly log: Log;
}

/** A record (and its message) for one notification of the opening event, named by what it is. */
export function notificationDelivery(
  event: BusEvent,
  subscription: string,
  at: string,
  variant?: string,
  reason?: DeliveryRecord['reason'],
) {
  const record: DeliveryRecord = {
    deliveryId: deliveryIdOf(event.detail.id, variant ? `${subscription}#${variant}` : subscription),
    eventId: event.detail.id,
    subscription,
    ...(variant ? { variant } : {}),
    ...(reason ? { reason } : {}),
    status: 'pending',
    attempt: 0,
    createdAt: at,
    updatedAt: at,
    event,
  };
  const message: DeliveryMessage = {
    deliveryId: record.deliveryId,
    eventId: record.eventId,
    subscription,
    attempt: 1,
    ...(variant ? { variant } : {}),
  };
  return { record, message };
}

/** `repeat-<n>` and `escalation-<i>`: the same names however often one check runs. */
function variantsOf(due: readonly NotificationDue[], stored: StoredPlan): string[] {
  let repeats = stored.repeats;
  let escalations = stored.plan.escalated;
  return due.map((d) => (d.kind === 'repeat' ? `repeat-${++repeats}` : `escalation-${escalations++}`));
}

/**
 * One look at an alert's plan: re-notify or escalate what is due while the alert is still `new`
 * (decideNotifications), then schedule the next look as a delayed message; an acknowledged or
 * resolved alert ends the plan. Deliveries are recorded and enqueued before the plan moves on, so
 * a failure repeats the look, and the repeated deliveries are the same records (never sent twice).
 */
export function createNotifyChecker(deps: NotifyCheckDeps) {
  return async (check: NotifyCheck): Promise<void> => {
    const now = deps.now();
    if (check.notBefore !== undefined && check.notBefore - now >= 1000)
      return deps.enqueueCheck(check, sqsDelayFor(check.notBefore, now));
    const stored = await deps.plans.get(check.alertId, check.subscription);
    if (!stored || stored.ended) return;
    const [subscription, state] = await Promise.all([
      deps.subscriptions.get(check.subscription),
      deps.alertState(check.alertId),
    ]);
    const notify = subscription?.subscription.notify;
    if (!notify || !state) {
      await deps.plans.replace({ ...stored, ended: true }, stored);
      return;
    }
    const decision = decideNotifications(stored.plan, scaleNotify(notify, deps.timeScale), state, now);
    const variants = variantsOf(decision.due, stored);
    const messages: DeliveryMessage[] = [];
    for (const [i, due] of decision.due.entries()) {
      const at = new Date(now).toISOString();
      const { record, message } = notificationDelivery(
        stored.event,
        due.subscription,
        at,
        variants[i],
        due.kind,
      );
      const existing = await deps.createRecord(record);
      if (!existing || existing.status === 'pending') messages.push(message);
    }
    if (messages.length > 0) await deps.enqueueDeliveries(messages);
    const repeats = stored.repeats + decision.due.filter((d) => d.kind === 'repeat').length;
    const next = decision.plan ? { ...stored, plan: decision.plan, repeats } : { ...stored, ended: true };
    if (!(await deps.plans.replace(next, stored))) return;
    deps.log.info('notification plan checked', {
      alertId: check.alertId,
      state,
      due: decision.due,
      ended: next.ended,
    });
    if (decision.nextCheckAt !== undefined)
      await deps.enqueueCheck(
        { ...check, notBefore: decision.nextCheckAt },
        sqsDelayFor(decision.nextCheckAt, now),
      );
  };
}
