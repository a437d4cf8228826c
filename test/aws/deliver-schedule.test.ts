import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createDeliverHandler, type DeliverDeps } from '#lib/aws/deliver-handler.ts';
import type { StoredSubscription } from '#lib/aws/subscription-store.ts';
import type { MetricOf } from '#lib/core/metrics.ts';
import type { AttemptResult, DeliveryMessage, DeliveryRecord } from '#lib/core/subscriptions/delivery.ts';
import { subscriptionRequestSchema } from '#lib/core/subscriptions/subscription.ts';
import { countingSink } from '../support/metrics.ts';

const START = Date.parse('2026-11-27T12:00:00.000Z');

/** A deliver handler on in-memory stores, a fake clock and a receiver answering from a script. */
function harness(retryPolicy: Record<string, unknown>, answers: (attempt: number) => AttemptResult) {
  const metrics = countingSink<MetricOf<'deliver'>>();
  let now = START;
  const request = subscriptionRequestSchema.parse({
    name: 'ops',
    match: { sources: ['plant'] },
    target: { url: 'https://hooks.example.com/x' },
    retryPolicy,
  });
  const stored: StoredSubscription = {
    subscription: { ...request, createdAt: '', updatedAt: '', version: 1 },
    secrets: [{ value: 'whsec_test' }],
  };
  let record: DeliveryRecord = {
    deliveryId: 'dlv_1',
    eventId: 'E1',
    subscription: 'ops',
    status: 'pending',
    attempt: 0,
    createdAt: '',
    updatedAt: '',
    event: { detail: { id: 'E1', source: 'plant', severity: 'INFO', type: 't' } } as DeliveryRecord['event'],
  };
  const queue: { message: DeliveryMessage; delaySeconds: number; at: number }[] = [];
  const posted: { attempt: number; at: number }[] = [];
  const deps: DeliverDeps = {
    subscriptions: { get: async () => stored },
    deliveries: {
      get: async () => record,
      update: async (_e, _s, patch) => {
        record = { ...record, ...patch };
      },
    },
    slots: { acquire: async (_s, _m, holder) => ({ slot: 0, holder }), release: async () => undefined },
    enqueue: async (message, delaySeconds) => {
      queue.push({ message, delaySeconds, at: now });
    },
    post: async (req) => {
      const attempt = JSON.parse(req.body).delivery.attempt as number;
      posted.push({ attempt, at: now });
      return answers(attempt);
    },
    now: () => now,
    random: () => 1,
    timeoutMs: 1_000,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined },
    metrics,
  };
  const handler = createDeliverHandler(deps);
  /** Delivers the message, then each re-enqueued one when its SQS delay has passed on the fake clock. */
  async function run(first: DeliveryMessage) {
    let next: DeliveryMessage | undefined = first;
    while (next) {
      const event = { Records: [{ messageId: 'm', body: JSON.stringify(next) }] } as unknown as SQSEvent;
      expect(await handler(event)).toEqual({ batchItemFailures: [] });
      const queued = queue.at(-1);
      if (!queued || queued.message === next) break;
      next = queued.message;
      now = queued.at + queued.delaySeconds * 1000;
    }
  }
  return { run, queue, posted, record: () => record, metrics: metrics.totals };
}

const status = (code: number): AttemptResult => ({
  ok: false,
  failure: { kind: 'status', status: code },
  latencyMs: 5,
  error: `HTTP ${code}`,
});
const ok: AttemptResult = { ok: true, status: 200, latencyMs: 5 };
const first: DeliveryMessage = { deliveryId: 'dlv_1', eventId: 'E1', subscription: 'ops', attempt: 1 };

describe('Function: createDeliverHandler (retry schedule on a fake clock)', () => {
  it('makes maxAttempts attempts, each after backoffFactor × 2^(n−1) capped at maxBackoff, then dead-letters', async () => {
    // Prepare
    const h = harness({ maxAttempts: 4, backoffFactor: 2, maxBackoff: 5 }, () => status(503));

    // Act
    await h.run(first);

    // Assess: with the jitter at its top, the waits are the full steps 2, 4, min(8, 5) s.
    expect(h.posted.map((p) => p.attempt)).toEqual([1, 2, 3, 4]);
    expect(h.posted.map((p) => (p.at - START) / 1000)).toEqual([0, 2, 6, 11]);
    expect(h.queue.map((q) => q.delaySeconds)).toEqual([2, 4, 5]);
    expect(h.metrics).toEqual({ deliveriesFailed: 4, deliveriesDeadLettered: 1 });
    expect(h.record()).toMatchObject({
      status: 'dead-lettered',
      attempt: 4,
      httpStatus: 503,
      lastError: 'HTTP 503',
    });
  });

  it('stops retrying as soon as an attempt succeeds', async () => {
    // Prepare
    const h = harness({ maxAttempts: 5, backoffFactor: 1, maxBackoff: 60 }, (n) =>
      n < 3 ? status(500) : ok,
    );

    // Act
    await h.run(first);

    // Assess
    expect(h.posted.map((p) => p.attempt)).toEqual([1, 2, 3]);
    expect(h.record()).toMatchObject({ status: 'delivered', attempt: 3, httpStatus: 200 });
    expect(h.metrics).toEqual({ deliveriesFailed: 2, deliveriesSucceeded: 1 });
  });

  it('dead-letters at once a failure retryOn does not name', async () => {
    // Prepare
    const h = harness({ retryOn: ['429'] }, (n) => (n === 1 ? status(429) : status(503)));

    // Act
    await h.run(first);

    // Assess: the 429 is retried, the 503 is not.
    expect(h.posted.map((p) => p.attempt)).toEqual([1, 2]);
    expect(h.record()).toMatchObject({ status: 'dead-lettered', attempt: 2, httpStatus: 503 });
  });

  it('waits longer than SQS allows by delaying again, without counting an attempt', async () => {
    // Prepare: a 1,500 s wait, more than SQS's 900 s.
    const h = harness({ maxAttempts: 2, backoffFactor: 1_500, maxBackoff: 3_600 }, (n) =>
      n === 1 ? status(502) : ok,
    );

    // Act
    await h.run(first);

    // Assess
    expect(h.queue.map((q) => q.delaySeconds)).toEqual([900, 600]);
    expect(h.posted.map((p) => [p.attempt, (p.at - START) / 1000])).toEqual([
      [1, 0],
      [2, 1_500],
    ]);
  });
});
