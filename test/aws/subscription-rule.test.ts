import { describe, expect, it } from 'vitest';
import { isScheduledEvent, MAX_NARROW_ROUNDS, narrowDispatchRule } from '#lib/aws/subscription-rule.ts';
import { ruleOfArn } from '#lib/aws/subscription-rule-adapters.ts';
import { catchAllDispatchPattern } from '#lib/core/subscriptions/dispatch-rule.ts';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** Ports over one in-memory rule; `refuse` patterns fail as EventBridge's InvalidEventPatternException. */
function memoryPorts(options: { refuse?: (pattern: string) => boolean; generation?: () => number } = {}) {
  const puts: string[] = [];
  let pattern = JSON.stringify(catchAllDispatchPattern());
  return {
    puts,
    ports: {
      generation: async () => options.generation?.() ?? 7,
      subscriptions: async () => [{ name: 'disk', match: { 'detail-type': ['disk.full'] } }],
      describe: async () => ({ eventPattern: pattern, description: 'd', state: 'ENABLED' }),
      put: async (next: string) => {
        if (options.refuse?.(next)) return false;
        puts.push(next);
        pattern = next;
        return true;
      },
      log: silent,
    },
  };
}

describe('Function: narrowDispatchRule', () => {
  it('puts the catch-all when EventBridge refuses the narrowed pattern', async () => {
    // Prepare
    const { ports, puts } = memoryPorts({ refuse: (p) => p.includes('$or') });

    // Act
    const outcome = await narrowDispatchRule(ports, 'test');

    // Assess
    expect(outcome).toMatchObject({ converged: true, narrowed: false, changed: true });
    expect(puts).toEqual([JSON.stringify(catchAllDispatchPattern())]);
  });

  it('stops after MAX_NARROW_ROUNDS while writers keep bumping, without waiting', async () => {
    // Prepare: every read of the generation sees a new value.
    let generation = 0;
    const { ports } = memoryPorts({ generation: () => generation++ });

    // Act
    const outcome = await narrowDispatchRule(ports, 'test');

    // Assess
    expect(outcome).toMatchObject({ converged: false, rounds: MAX_NARROW_ROUNDS });
  });
});

describe('Function: ruleOfArn', () => {
  it('reads the bus and name of a rule on a custom bus and on the default bus', () => {
    expect(ruleOfArn('arn:aws:events:us-east-1:1:rule/vigil/Vigil-Dispatch')).toEqual({
      bus: 'vigil',
      name: 'Vigil-Dispatch',
    });
    expect(ruleOfArn('arn:aws:events:us-east-1:1:rule/Other')).toEqual({ bus: 'default', name: 'Other' });
    expect(() => ruleOfArn('arn:aws:sqs:us-east-1:1:queue')).toThrow('not an EventBridge rule ARN');
  });
});

describe('Function: isScheduledEvent', () => {
  it('tells a schedule tick from an HTTP request', () => {
    expect(isScheduledEvent({ source: 'aws.events', 'detail-type': 'Scheduled Event' })).toBe(true);
    expect(isScheduledEvent({ routeKey: 'POST /subscriptions' })).toBe(false);
  });
});
