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

function handler(enqueued: unknown[]) {
  return createDispatchHandler({
    matcher: async () => compileMatcher([everything]),
    createRecord: async () => undefined,
    enqueue: async (messages) => {
      enqueued.push(...messages);
    },
    notifications: {
      createPlan: async () => true,
      plansOf: async () => [],
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
});
