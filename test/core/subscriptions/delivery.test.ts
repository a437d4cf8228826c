import { describe, expect, it } from 'vitest';
import {
  type DeliveryMessage,
  decideAfterAttempt,
  deliveryIdOf,
  sqsDelayFor,
} from '#lib/core/subscriptions/delivery.ts';
import { retryPolicySchema } from '#lib/core/subscriptions/retry-policy.ts';

const policy = retryPolicySchema.parse({ maxAttempts: 3, backoffFactor: 2, maxBackoff: 60 });
const message: DeliveryMessage = { deliveryId: 'dlv_x', eventId: 'E', subscription: 's', attempt: 1 };
const failed = {
  ok: false,
  failure: { kind: 'status', status: 503 },
  latencyMs: 1,
  error: 'HTTP 503',
} as const;

describe('Function: deliveryIdOf', () => {
  it('is the same for one event and subscription, and differs across either', () => {
    expect(deliveryIdOf('E1', 'a')).toBe(deliveryIdOf('E1', 'a'));
    expect(deliveryIdOf('E1', 'a')).not.toBe(deliveryIdOf('E1', 'b'));
    expect(deliveryIdOf('E1', 'a')).not.toBe(deliveryIdOf('E2', 'a'));
    expect(deliveryIdOf('E1', 'a')).toMatch(/^dlv_[0-9a-f]{32}$/);
  });
});

describe('Function: sqsDelayFor', () => {
  it('rounds up to whole seconds, never below zero nor above 900', () => {
    expect(sqsDelayFor(1_100, 0)).toBe(2);
    expect(sqsDelayFor(0, 5_000)).toBe(0);
    expect(sqsDelayFor(2_000_000, 0)).toBe(900);
  });
});

describe('Function: decideAfterAttempt', () => {
  it('delivers on success', () => {
    expect(decideAfterAttempt(message, { ok: true, status: 204, latencyMs: 3 }, policy, 0)).toEqual({
      status: 'delivered',
    });
  });

  it('retries with the next attempt not before the policy delay, then dead-letters when exhausted', () => {
    const retry = decideAfterAttempt(message, failed, policy, 10_000, () => 0);
    expect(retry).toEqual({ status: 'retrying', next: { ...message, attempt: 2, notBefore: 11_000 } });
    const last = decideAfterAttempt({ ...message, attempt: 3 }, failed, policy, 10_000);
    expect(last).toEqual({ status: 'dead-lettered', deadLetterReason: 'attempts-exhausted' });
  });

  it('dead-letters a 4xx at once', () => {
    const gone = { ...failed, failure: { kind: 'status', status: 410 } } as const;
    expect(decideAfterAttempt(message, gone, policy, 0)).toEqual({
      status: 'dead-lettered',
      deadLetterReason: 'not-retryable',
    });
  });
});
