import { describe, expect, it } from 'vitest';
import { historyKeyOf, shardOf } from '#lib/core/ingest/history-keys.ts';

describe('Function: historyKeyOf', () => {
  it('keys by hour bucket and shard, and sorts by receivedAt then id', () => {
    // Act
    const key = historyKeyOf(
      { id: '01ARZ3NDEKTSV4RRFFQ69G5FAV', receivedAt: '2026-11-23T10:59:59.999Z' },
      16,
    );

    // Assess
    expect(key.pk).toMatch(/^2026-11-23T10#0\d\d$/);
    expect(key.sk).toBe('2026-11-23T10:59:59.999Z#01ARZ3NDEKTSV4RRFFQ69G5FAV');
  });

  it('puts the same id on the same shard every time', () => {
    expect(shardOf('abc', 16)).toBe(shardOf('abc', 16));
  });

  it('spreads ids evenly over the shards', () => {
    // Prepare
    const counts = new Array<number>(16).fill(0);

    // Act
    for (let i = 0; i < 16_000; i++) {
      const shard = shardOf(`01J${i.toString(36).padStart(23, '0')}`, 16);
      counts[shard] = (counts[shard] ?? 0) + 1;
    }

    // Assess: every shard within ±15 % of the mean
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
});
