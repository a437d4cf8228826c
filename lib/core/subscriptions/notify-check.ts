import * as z from 'zod/mini';
import type { NotificationPlan } from './notify.ts';
import type { Notify } from './subscription.ts';

/** A delivery-queue message asking to look at one alert's notification plan again. */
export const notifyCheckSchema = z.strictObject({
  kind: z.literal('notify'),
  alertId: z.string().check(z.minLength(1)),
  subscription: z.string().check(z.minLength(1)),
  notBefore: z.optional(z.number().check(z.int())),
});
export type NotifyCheck = z.output<typeof notifyCheckSchema>;

/**
 * `notify` with every duration multiplied by `scale`: 1 in every deployment; the e2e app alone sets
 * a smaller one (CDK `notifyTimeScale`) so a 60 s interval passes in about a second.
 */
export function scaleNotify(notify: Notify, scale: number): Notify {
  if (scale === 1) return notify;
  return {
    ...(notify.repeatInterval === undefined ? {} : { repeatInterval: notify.repeatInterval * scale }),
    escalate: notify.escalate.map((step) => ({ ...step, after: step.after * scale })),
  };
}

/** The plan an `alert.opened` starts: the subscription was just told, nothing escalated yet. */
export function openingPlan(alertId: string, subscription: string, now: number): NotificationPlan {
  return {
    alertId,
    subscription,
    openedAt: now,
    lastNotifiedAt: now,
    escalated: 0,
    notified: [subscription],
  };
}

/** When to look at a fresh plan first: the earlier of the first repeat and the first escalation. */
export function firstCheckAt(plan: NotificationPlan, notify: Notify): number | undefined {
  const times = [
    notify.repeatInterval === undefined ? undefined : plan.lastNotifiedAt + notify.repeatInterval * 1000,
    notify.escalate[0] === undefined ? undefined : plan.openedAt + notify.escalate[0].after * 1000,
  ].filter((t): t is number => t !== undefined);
  return times.length > 0 ? Math.min(...times) : undefined;
}
