import { describe, expect, it } from 'vitest';
import {
  decideNotifications,
  type NotificationPlan,
  resolutionAudience,
} from '#lib/core/subscriptions/notify.ts';

const MIN = 60_000;
const plan: NotificationPlan = {
  alertId: 'A1',
  subscription: 'oncall',
  openedAt: 0,
  lastNotifiedAt: 0,
  escalated: 0,
  notified: ['oncall'],
};
const notify = {
  repeatInterval: 600,
  escalate: [
    { after: 900, subscription: 'lead' },
    { after: 1_800, subscription: 'cto' },
  ],
};

describe('Function: decideNotifications', () => {
  it('does nothing before the first repeat, and says when to look again', () => {
    expect(decideNotifications(plan, notify, 'new', 5 * MIN)).toEqual({
      due: [],
      plan,
      nextCheckAt: 10 * MIN,
    });
  });

  it('re-notifies every repeatInterval while the alert is new', () => {
    // Act
    const first = decideNotifications(plan, notify, 'new', 10 * MIN);
    const second = decideNotifications(first.plan as NotificationPlan, notify, 'new', 20 * MIN);

    // Assess
    expect(first.due).toEqual([{ kind: 'repeat', subscription: 'oncall' }]);
    expect(first.nextCheckAt).toBe(15 * MIN);
    expect(second.due).toEqual([
      { kind: 'repeat', subscription: 'oncall' },
      { kind: 'escalation', subscription: 'lead' },
    ]);
  });

  it('escalates each step once, in order, when its time since opening has passed', () => {
    // Act
    const late = decideNotifications(plan, { escalate: notify.escalate }, 'new', 31 * MIN);
    const again = decideNotifications(
      late.plan as NotificationPlan,
      { escalate: notify.escalate },
      'new',
      40 * MIN,
    );

    // Assess
    expect(late.due).toEqual([
      { kind: 'escalation', subscription: 'lead' },
      { kind: 'escalation', subscription: 'cto' },
    ]);
    expect(late.nextCheckAt).toBeUndefined();
    expect(again.due).toEqual([]);
    expect(resolutionAudience(late.plan as NotificationPlan)).toEqual(['oncall', 'lead', 'cto']);
  });

  it.each(['acknowledged', 'resolved'] as const)('ends the plan once the alert is %s', (state) => {
    expect(decideNotifications(plan, notify, state, 60 * MIN)).toEqual({
      due: [],
      plan: undefined,
      nextCheckAt: undefined,
    });
  });
});
