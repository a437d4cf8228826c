import { describe, expect, it } from 'vitest';
import { decideAlertEvent, maxSeverity, withAction } from '#lib/core/alerts/alert.ts';
import { fingerprintOf } from '#lib/core/alerts/fingerprint.ts';
import type { Envelope } from '#lib/core/envelope.ts';

let n = 0;
function event(overrides: Partial<Envelope> = {}): Envelope {
  n++;
  const time = `2026-11-23T10:00:${String(n % 60).padStart(2, '0')}.000Z`;
  return {
    id: `E${n}`,
    source: 'plant7.press',
    type: 'temperature.high',
    severity: 'WARNING',
    time,
    receivedAt: time,
    ...overrides,
  };
}

describe('Function: fingerprintOf', () => {
  it('uses source+type, or the producer alertKey scoped by source', () => {
    expect(fingerprintOf(event())).toBe('st#plant7.press#temperature.high');
    expect(fingerprintOf(event({ alertKey: 'press-3' }))).toBe('key#plant7.press#press-3');
    expect(fingerprintOf(event({ source: 'other', alertKey: 'press-3' }))).not.toBe(
      fingerprintOf(event({ alertKey: 'press-3' })),
    );
  });
});

describe('Function: decideAlertEvent', () => {
  it('opens a new alert named after the event that opened it, and announces it', () => {
    // Prepare
    const opening = event({ message: 'hot' });

    // Act
    const decision = decideAlertEvent(undefined, opening, false);

    // Assess
    expect(decision).toMatchObject({
      kind: 'open',
      notifications: ['alert.opened'],
      alert: { id: opening.id, state: 'new', count: 1, lastMessage: 'hot', lastEventId: opening.id },
    });
  });

  it('counts a repeat, keeps the latest message, and escalates WARNING → CRITICAL once', () => {
    // Prepare
    const opened = decideAlertEvent(undefined, event(), false);
    if (opened.kind !== 'open') throw new Error('expected open');

    // Act
    const repeat = decideAlertEvent(opened.alert, event({ message: 'still hot' }), false);
    const escalation = decideAlertEvent(
      repeat.kind === 'repeat' ? repeat.alert : undefined,
      event({ severity: 'CRITICAL' }),
      false,
    );
    const after = decideAlertEvent(
      escalation.kind === 'repeat' ? escalation.alert : undefined,
      event({ severity: 'WARNING' }),
      false,
    );

    // Assess
    expect(repeat).toMatchObject({
      kind: 'repeat',
      notifications: [],
      alert: { count: 2, lastMessage: 'still hot', severity: 'WARNING' },
    });
    expect(escalation).toMatchObject({
      kind: 'repeat',
      notifications: ['alert.escalated'],
      alert: { count: 3, severity: 'CRITICAL' },
    });
    expect(after).toMatchObject({
      kind: 'repeat',
      notifications: [],
      alert: { count: 4, severity: 'CRITICAL' },
    });
  });

  it('still counts under a silence but announces neither the opening nor the escalation', () => {
    // Act
    const opened = decideAlertEvent(undefined, event(), true);
    const escalated = decideAlertEvent(
      opened.kind === 'open' ? opened.alert : undefined,
      event({ severity: 'CRITICAL' }),
      true,
    );

    // Assess
    expect(opened).toMatchObject({ kind: 'open', notifications: [] });
    expect(escalated).toMatchObject({
      kind: 'repeat',
      notifications: [],
      alert: { count: 2, severity: 'CRITICAL' },
    });
  });

  it('lets a producer resolve its own open alert, recorded as resolved by the producer', () => {
    // Prepare
    const opened = decideAlertEvent(undefined, event(), false);

    // Act
    const resolved = decideAlertEvent(
      opened.kind === 'open' ? opened.alert : undefined,
      event({ alertAction: 'resolve', severity: 'INFO', message: 'back to normal' }),
      false,
    );

    // Assess
    expect(resolved).toMatchObject({
      kind: 'resolve',
      notifications: ['alert.resolved'],
      alert: { state: 'resolved', resolvedBy: 'producer:plant7.press', resolutionNotes: 'back to normal' },
    });
  });

  it('opens a new alert after the last one was resolved', () => {
    // Prepare
    const opened = decideAlertEvent(undefined, event(), false);
    if (opened.kind !== 'open') throw new Error('expected open');
    const resolved = withAction(opened.alert, 'resolve', 'ana', undefined, '2026-11-23T11:00:00Z');

    const reopening = event();

    // Act
    const next = decideAlertEvent(resolved, reopening, false);

    // Assess
    expect(next).toMatchObject({ kind: 'open', alert: { id: reopening.id, count: 1, state: 'new' } });
  });

  it.each([
    [
      'a resolve with no open alert',
      undefined,
      { alertAction: 'resolve' as const },
      'no open alert to resolve',
    ],
    ['an INFO event', undefined, { severity: 'INFO' as const }, 'INFO events do not open alerts'],
  ])('ignores %s', (_name, open, overrides, reason) => {
    expect(decideAlertEvent(open, event(overrides), false)).toEqual({ kind: 'ignore', reason });
  });
});

describe('Function: withAction', () => {
  it('records who acknowledged, when and why', () => {
    // Prepare
    const opened = decideAlertEvent(undefined, event(), false);
    if (opened.kind !== 'open') throw new Error('expected open');

    // Act
    const acked = withAction(opened.alert, 'acknowledge', 'ana', 'looking', '2026-11-23T10:05:00Z');

    // Assess
    expect(acked).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: 'ana',
      acknowledgedAt: '2026-11-23T10:05:00Z',
      acknowledgeNote: 'looking',
    });
    expect(() =>
      withAction(withAction(acked, 'resolve', 'ana', 'fixed', 'x'), 'resolve', 'bob', undefined, 'y'),
    ).toThrow('cannot resolve an alert that is resolved');
  });
});

describe('Function: maxSeverity', () => {
  it.each([
    ['WARNING', 'CRITICAL', 'CRITICAL'],
    ['CRITICAL', 'WARNING', 'CRITICAL'],
    ['INFO', 'WARNING', 'WARNING'],
    ['WARNING', 'WARNING', 'WARNING'],
  ] as const)('of %s and %s is %s', (a, b, expected) => {
    expect(maxSeverity(a, b)).toBe(expected);
  });
});
