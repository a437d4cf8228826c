import { describe, expect, it } from 'vitest';
import { inboxOrderKey, nextInboxStep } from '#lib/core/state/inbox.ts';
import type { InboxItem } from '#lib/core/state/ports.ts';

const T0 = 1_000_000;
const item = (id: string, overrides: Partial<InboxItem> = {}): InboxItem => ({
  module: 'arm-1',
  id,
  type: 'TASK_START',
  time: '2026-11-23T10:00:00.000Z',
  priority: 'normal',
  enqueuedAt: T0,
  ...overrides,
});

describe('Function: nextInboxStep', () => {
  it('has nothing to do on an empty inbox', () => {
    expect(nextInboxStep([], T0, 2000)).toEqual({ kind: 'empty' });
  });

  it('holds a normal event for the reorder window, then applies it', () => {
    const queued = item('A');
    expect(nextInboxStep([queued], T0 + 500, 2000)).toEqual({ kind: 'wait', ms: 1500, item: queued });
    expect(nextInboxStep([queued], T0 + 2000, 2000)).toEqual({ kind: 'apply', item: queued });
  });

  it('applies a high-priority event at once, ahead of waiting normal ones', () => {
    const normal = item('A', { time: '2026-11-23T09:00:00.000Z', enqueuedAt: T0 - 1000 });
    const stop = item('B', { type: 'EMERGENCY_STOP', priority: 'high', enqueuedAt: T0 });
    expect(nextInboxStep([normal, stop], T0, 2000)).toEqual({ kind: 'apply', item: stop });
  });

  it('lets an event the producer sent earlier, arriving later within the window, go first', () => {
    const later = item('A', { time: '2026-11-23T10:00:01.000Z', enqueuedAt: T0 });
    const earlier = item('B', { time: '2026-11-23T10:00:00.000Z', enqueuedAt: T0 + 1500 });
    expect(nextInboxStep([later, earlier], T0 + 2000, 2000)).toEqual({
      kind: 'wait',
      ms: 1500,
      item: earlier,
    });
    expect(nextInboxStep([later, earlier], T0 + 3500, 2000)).toEqual({ kind: 'apply', item: earlier });
  });

  it('puts low-priority events last', () => {
    const low = item('A', { priority: 'low', time: '2026-11-23T09:00:00.000Z' });
    const normal = item('B');
    expect(nextInboxStep([low, normal], T0 + 2000, 2000)).toEqual({ kind: 'apply', item: normal });
  });
});

describe('Function: inboxOrderKey', () => {
  it('sorts as the queue does: priority rank, then time, then id', () => {
    const keys = [
      item('Z', { priority: 'low', time: '2026-01-01T00:00:00.000Z' }),
      item('B'),
      item('A'),
      item('C', { priority: 'high', time: '2027-01-01T00:00:00.000Z' }),
    ].map(inboxOrderKey);
    expect([...keys].sort()).toEqual([keys[3], keys[2], keys[1], keys[0]]);
  });
});
