import { describe, expect, it } from 'vitest';
import { subscriptionInput } from '#lib/cli/commands/subscriptions.ts';
import { subscriptionRequestSchema } from '#lib/core/subscriptions/subscription.ts';

const none = {
  url: 'https://example.com/hook',
  header: {},
  source: [],
  type: [],
  severity: [],
  escalate: [],
};

describe('Function: subscriptionInput', () => {
  it('turns --source/--type/--severity into the shorthand the API takes', () => {
    // Act
    const input = subscriptionInput('ops', {
      ...none,
      type: ['alert.opened'],
      severity: ['CRITICAL', 'WARNING'],
    });

    // Assess
    expect(input).toEqual({
      name: 'ops',
      match: { types: ['alert.opened'], severities: ['CRITICAL', 'WARNING'] },
      target: { url: 'https://example.com/hook' },
    });
    expect(subscriptionRequestSchema.safeParse(input).success).toBe(true);
  });

  it('passes a full pattern, the target format, headers and routing key, the retry policy and notify in seconds', () => {
    // Act
    const input = subscriptionInput('pd', {
      ...none,
      url: 'https://events.pagerduty.com/v2/enqueue',
      format: 'pagerduty',
      routingKey: 'R0UT1NG',
      header: { 'X-Team': 'ops' },
      match: { 'detail-type': [{ prefix: 'alert.' }] },
      maxAttempts: 3,
      backoff: 500,
      maxBackoff: 60_000,
      maxInFlight: 2,
      repeat: 900_000,
      escalate: [{ after: 1_800, subscription: 'lead' }],
    });

    // Assess
    expect(input).toEqual({
      name: 'pd',
      match: { 'detail-type': [{ prefix: 'alert.' }] },
      target: {
        url: 'https://events.pagerduty.com/v2/enqueue',
        format: 'pagerduty',
        routingKey: 'R0UT1NG',
        headers: { 'X-Team': 'ops' },
      },
      retryPolicy: { maxAttempts: 3, backoffFactor: 0.5, maxBackoff: 60 },
      maxInFlight: 2,
      notify: { repeatInterval: 900, escalate: [{ after: 1_800, subscription: 'lead' }] },
    });
    expect(subscriptionRequestSchema.safeParse(input).success).toBe(true);
  });
});
