import { describe, expect, it } from 'vitest';
import { compareQueued, priorityOf, type QueuedStateEvent } from '#lib/core/state/priority.ts';

describe('Function: priorityOf', () => {
  it.each(['EMERGENCY_STOP', 'FAULT', 'INTERRUPT'])(
    'makes %s high whatever the producer declared',
    (type) => {
      expect(priorityOf(type)).toBe('high');
      expect(priorityOf(type, 'low')).toBe('high');
      expect(priorityOf(type, 'normal')).toBe('high');
    },
  );

  it.each(['START', 'TASK_START', 'WARN', 'RECOVER', 'PRIORITY_OVERRIDE'])(
    'makes %s normal by default',
    (type) => {
      expect(priorityOf(type)).toBe('normal');
      expect(priorityOf(type, 'normal')).toBe('normal');
    },
  );

  it('makes an event low when the producer marks it low (a status update)', () => {
    expect(priorityOf('SET_READY', 'low')).toBe('low');
  });

  it('does not let a producer promote an ordinary event to high', () => {
    expect(priorityOf('TASK_START', 'high')).toBe('normal');
  });

  it('treats an unknown name as an ordinary event (apply refuses it later)', () => {
    expect(priorityOf('BOGUS', 'high')).toBe('normal');
  });
});

describe('Function: compareQueued', () => {
  it('orders high first, then by producer time, then by id', () => {
    // Prepare
    const queue: QueuedStateEvent[] = [
      { id: 'E5', time: '2026-11-23T10:00:01.000Z', priority: 'low' },
      { id: 'E4', time: '2026-11-23T10:00:02.000Z', priority: 'normal' },
      { id: 'E3', time: '2026-11-23T10:00:01.000Z', priority: 'normal' },
      { id: 'E2', time: '2026-11-23T10:00:03.000Z', priority: 'high' },
      { id: 'E1', time: '2026-11-23T10:00:01.000Z', priority: 'normal' },
      { id: 'E0', time: '2026-11-23T10:00:09.000Z', priority: 'high' },
    ];

    // Act
    const ordered = [...queue].sort(compareQueued).map(({ id }) => id);

    // Assess
    expect(ordered).toEqual(['E2', 'E0', 'E1', 'E3', 'E4', 'E5']);
  });

  it('says two entries with the same priority, time and id are equal', () => {
    const entry: QueuedStateEvent = { id: 'E1', time: '2026-11-23T10:00:01.000Z', priority: 'normal' };
    expect(compareQueued(entry, { ...entry })).toBe(0);
  });
});
