import { describe, expect, it } from 'vitest';
import { eventOutcome } from '#lib/core/subscriptions/outcome.ts';

describe('Function: eventOutcome', () => {
  it.each([
    [[], 'none-matched'],
    [['delivered', 'delivered'], 'all-delivered'],
    [['delivered', 'dead-lettered'], 'some-failed'],
    [['dead-lettered'], 'all-failed'],
    [['delivered', 'retrying'], 'pending'],
    [['pending'], 'pending'],
  ] as const)('%j → %s', (statuses, outcome) => {
    expect(eventOutcome(statuses)).toBe(outcome);
  });
});
