import { describe, expect, it } from 'vitest';
import type { StoredPlan } from '#lib/aws/notification-store.ts';
import { createNotifyChecker } from '#lib/aws/notify-checker.ts';
import type { StoredSubscription } from '#lib/aws/subscription-store.ts';
import type { AlertState } from '#lib/core/alerts/lifecycle.ts';
import type { DeliveryMessage, DeliveryRecord } from '#lib/core/subscriptions/delivery.ts';
import { type NotifyCheck, openingPlan } from '#lib/core/subscriptions/notify-check.ts';
import { subscriptionRequestSchema } from '#lib/core/subscriptions/subscription.ts';

const OPENED = Date.parse('2026-11-27T12:00:00.000Z');
const event = { 'detail-type': 'alert.opened', detail: { id: 'EV1' } } as unknown as StoredPlan['event'];

/** The checker on in-memory plans and a fake clock; checks are run when their delay has passed. */
function harness(scale = 1) {
  let now = OPENED;
  let state: AlertState = 'new';
  const request = subscriptionRequestSchema.parse({
    name: 'oncall',
    match: { types: ['alert.opened'] },
    target: { url: 'https://hooks.example.com/x' },
    notify: { repeatInterval: 300, escalate: [{ after: 900, subscription: 'manager' }] },
  });
  const oncall: StoredSubscription = {
    subscription: { ...request, createdAt: '', updatedAt: '', version: 1 },
    secrets: [],
  };
  let stored: StoredPlan = { plan: openingPlan('A1', 'oncall', OPENED), event, repeats: 0, ended: false };
  const sent: { message: DeliveryMessage; at: number; reason?: string }[] = [];
  const records = new Map<string, DeliveryRecord>();
  const checks: { check: NotifyCheck; due: number }[] = [];
  const checker = createNotifyChecker({
    plans: {
      get: async () => stored,
      replace: async (next, previous) => {
        if (previous !== stored) return false;
        stored = next;
        return true;
      },
    },
    subscriptions: { get: async (name) => (name === 'oncall' ? oncall : undefined) },
    alertState: async () => state,
    createRecord: async (record) => {
      const existing = records.get(record.deliveryId);
      if (!existing) records.set(record.deliveryId, record);
      return existing;
    },
    enqueueDeliveries: async (messages) => {
      for (const message of messages)
        sent.push({ message, at: now, reason: records.get(message.deliveryId)?.reason });
    },
    enqueueCheck: async (check, delaySeconds) => {
      checks.push({ check, due: now + delaySeconds * 1000 });
    },
    now: () => now,
    timeScale: scale,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined },
  });
  /** Runs the pending checks in time order until `until` (epoch ms) on the fake clock. */
  async function runUntil(until: number) {
    for (;;) {
      checks.sort((a, b) => a.due - b.due);
      const next = checks[0];
      if (!next || next.due > until) break;
      checks.shift();
      now = next.due;
      await checker(next.check);
    }
    now = until;
  }
  const start = () =>
    checker({ kind: 'notify', alertId: 'A1', subscription: 'oncall', notBefore: OPENED + 300_000 });
  return { runUntil, start, sent, checks, setState: (s: AlertState) => (state = s), plan: () => stored };
}

const minutes = (n: number) => OPENED + n * 60_000;

describe('Function: createNotifyChecker (on a fake clock)', () => {
  it('repeats every repeatInterval while the alert is new, and escalates once after `after`', async () => {
    // Prepare
    const h = harness();

    // Act
    await h.start();
    await h.runUntil(minutes(16));

    // Assess
    expect(h.sent.map((s) => [s.message.subscription, s.reason, (s.at - OPENED) / 60_000])).toEqual([
      ['oncall', 'repeat', 5],
      ['oncall', 'repeat', 10],
      ['oncall', 'repeat', 15],
      ['manager', 'escalation', 15],
    ]);
    expect(h.plan().plan.notified).toEqual(['oncall', 'manager']);
    expect(new Set(h.sent.map((s) => s.message.variant))).toEqual(
      new Set(['repeat-1', 'repeat-2', 'repeat-3', 'escalation-0']),
    );
  });

  it('stops both once the alert is acknowledged, and schedules nothing more', async () => {
    // Prepare
    const h = harness();
    await h.start();
    await h.runUntil(minutes(6));

    // Act
    h.setState('acknowledged');
    await h.runUntil(minutes(60));

    // Assess
    expect(h.sent.map((s) => s.reason)).toEqual(['repeat']);
    expect(h.plan().ended).toBe(true);
    expect(h.checks).toEqual([]);
  });

  it('waits for the first check when it arrives early, without sending anything', async () => {
    // Prepare
    const h = harness();

    // Act: the first check's notBefore is 5 minutes ahead; SQS delays are at most 15
    await h.start();

    // Assess
    expect(h.sent).toEqual([]);
    expect(h.checks.map((c) => (c.due - OPENED) / 60_000)).toEqual([5]);
  });
});
