import { describe, expect, it } from 'vitest';
import { createDispatchHandler } from '#lib/aws/dispatch-handler.ts';
import { compileMatcher } from '#lib/aws/subscription-matcher.ts';
import { type Subscription, subscriptionRequestSchema } from '#lib/core/subscriptions/subscription.ts';

const everything: Subscription = {
  ...subscriptionRequestSchema.parse({
    name: 'all',
    match: { 'detail-type': [{ exists: true }] },
    target: { url: 'https://hooks.example.com/x' },
  }),
  createdAt: 'now',
  updatedAt: 'now',
  version: 1,
};

function handler(enqueued: unknown[], plansAskedFor: string[] = []) {
  return createDispatchHandler({
    matcher: async () => compileMatcher([everything]),
    createRecord: async () => undefined,
    enqueue: async (messages) => {
      enqueued.push(...messages);
    },
    notifications: {
      createPlan: async () => true,
      plansOf: async (alertId) => {
        plansAskedFor.push(alertId);
        return [];
      },
      enqueueCheck: async () => {},
      timeScale: 1,
    },
    now: () => 0,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    metrics: { add() {} },
  });
}

const busEvent = (source: string) => ({
  version: '0' as const,
  id: 'b',
  'detail-type': 'thing.happened',
  source,
  account: '000000000000',
  time: '2026-11-27T10:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: {
    id: '01JD0000000000000000000000',
    source: 'app',
    type: 'thing.happened',
    severity: 'INFO' as const,
    time: '2026-11-27T10:00:00Z',
    receivedAt: '2026-11-27T10:00:00Z',
  },
});

describe('Function: createDispatchHandler', () => {
  it('drops a replayed event whatever the (narrowed) rule let through', async () => {
    // Prepare
    const enqueued: unknown[] = [];

    // Act
    const replayed = await handler(enqueued)(busEvent('vigil.replay'));
    const ingested = await handler(enqueued)(busEvent('vigil.ingest'));

    // Assess
    expect(replayed).toEqual({ matched: 0, enqueued: 0 });
    expect(ingested).toEqual({ matched: 1, enqueued: 1 });
    expect(enqueued).toHaveLength(1);
  });

  it('takes a producer’s event typed alert.resolved for no alert of Vigil’s', async () => {
    // Prepare
    const asked: string[] = [];
    const forged = { ...busEvent('vigil.ingest'), 'detail-type': 'alert.resolved' };
    const real = { ...busEvent('vigil.alerts'), 'detail-type': 'alert.resolved' };
    const withAlert = (e: typeof forged) => ({
      ...e,
      detail: { ...e.detail, data: { alert: { id: 'a1' } } },
    });

    // Act
    await handler([], asked)(withAlert(forged));
    await handler([], asked)(withAlert(real));

    // Assess: only Vigil's own resolution looks up the alert's notification plans.
    expect(asked).toEqual(['a1']);
  });
});
