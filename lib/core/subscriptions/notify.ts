import type { AlertState } from '../alerts/lifecycle.ts';
import type { Notify } from './subscription.ts';

/** What Vigil remembers of one alert's notifications through one subscription. */
export interface NotificationPlan {
  readonly alertId: string;
  /** The subscription that matched the alert's opening. */
  readonly subscription: string;
  readonly openedAt: number;
  readonly lastNotifiedAt: number;
  /** How many `escalate` entries were handed on already, in order. */
  readonly escalated: number;
  /** Every subscription that was told about the alert: all of them hear that it resolved. */
  readonly notified: readonly string[];
}

export type NotificationDue =
  | { readonly kind: 'repeat'; readonly subscription: string }
  | { readonly kind: 'escalation'; readonly subscription: string };

export interface NotifyDecision {
  readonly due: readonly NotificationDue[];
  /** The plan after sending what is due, or undefined when the plan is over (acknowledged or resolved). */
  readonly plan: NotificationPlan | undefined;
  /** When to look again (epoch ms), if anything is left to do. */
  readonly nextCheckAt: number | undefined;
}

/**
 * Re-notification and escalation of an alert still `new`: every `repeatInterval` the subscription is
 * told again; each `escalate` entry whose `after` has passed since the alert opened hands it on to
 * its subscription, once, in order. An acknowledged or resolved alert ends the plan.
 */
export function decideNotifications(
  plan: NotificationPlan,
  notify: Notify,
  alertState: AlertState,
  now: number,
): NotifyDecision {
  if (alertState !== 'new') return { due: [], plan: undefined, nextCheckAt: undefined };
  const due: NotificationDue[] = [];
  let { lastNotifiedAt, escalated } = plan;
  const notified = new Set(plan.notified);
  const repeatMs = notify.repeatInterval === undefined ? undefined : notify.repeatInterval * 1000;
  if (repeatMs !== undefined && now - lastNotifiedAt >= repeatMs) {
    due.push({ kind: 'repeat', subscription: plan.subscription });
    lastNotifiedAt = now;
  }
  while (escalated < notify.escalate.length) {
    const step = notify.escalate[escalated] as Notify['escalate'][number];
    if (now - plan.openedAt < step.after * 1000) break;
    due.push({ kind: 'escalation', subscription: step.subscription });
    notified.add(step.subscription);
    escalated++;
  }
  const next = [
    repeatMs === undefined ? undefined : lastNotifiedAt + repeatMs,
    escalated < notify.escalate.length
      ? plan.openedAt + (notify.escalate[escalated]?.after ?? 0) * 1000
      : undefined,
  ].filter((t): t is number => t !== undefined);
  return {
    due,
    plan: { ...plan, lastNotifiedAt, escalated, notified: [...notified] },
    nextCheckAt: next.length > 0 ? Math.min(...next) : undefined,
  };
}

/** Who hears that an alert resolved: everyone its plan notified, the subscription itself first. */
export function resolutionAudience(plan: NotificationPlan): string[] {
  return [...new Set([plan.subscription, ...plan.notified])];
}
