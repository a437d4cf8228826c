import { describe, expect, it } from 'vitest';
import { IllegalAlertTransitionError } from '#lib/core/alerts/errors.ts';
import { isOpen, nextAlertState } from '#lib/core/alerts/lifecycle.ts';

describe('Function: nextAlertState', () => {
  // Every (state, action) pair, legal and illegal.
  it.each([
    ['new', 'acknowledge', 'acknowledged'],
    ['new', 'resolve', 'resolved'],
    ['acknowledged', 'acknowledge', null],
    ['acknowledged', 'resolve', 'resolved'],
    ['resolved', 'acknowledge', null],
    ['resolved', 'resolve', null],
  ] as const)('moves %s with %s to %s', (state, action, expected) => {
    if (expected) {
      expect(nextAlertState(state, action)).toBe(expected);
      return;
    }
    const act = () => nextAlertState(state, action);
    expect(act).toThrow(IllegalAlertTransitionError);
    expect(act).toThrow(`cannot ${action} an alert that is ${state}`);
    try {
      act();
    } catch (error) {
      expect(error).toMatchObject({ code: 'ILLEGAL_TRANSITION', current: state, action });
    }
  });
});

describe('Function: isOpen', () => {
  it.each([
    ['new', true],
    ['acknowledged', true],
    ['resolved', false],
  ] as const)('says %s is open: %s', (state, open) => {
    expect(isOpen(state)).toBe(open);
  });
});
