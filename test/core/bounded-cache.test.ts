import { describe, expect, it } from 'vitest';
import { BoundedTtlCache } from '#lib/core/bounded-cache.ts';

describe('Class: BoundedTtlCache', () => {
  it('forgets an entry once its time to live has passed', () => {
    // Prepare
    let now = 1_000;
    const cache = new BoundedTtlCache<string, number>({ maxEntries: 10, ttlMs: 500, now: () => now });
    cache.set('a', 1);

    // Act
    const fresh = cache.get('a');
    now += 500;
    const stale = cache.get('a');

    // Assess
    expect(fresh).toEqual({ value: 1 });
    expect(stale).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never holds more than maxEntries, evicting the least recently used first', () => {
    // Prepare
    const cache = new BoundedTtlCache<string, number>({ maxEntries: 3, ttlMs: 60_000, now: () => 0 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    cache.get('a');

    // Act
    cache.set('d', 4);
    for (let i = 0; i < 1_000; i++) cache.set(`spray-${i}`, i);

    // Assess
    expect(cache.size).toBe(3);
    expect(cache.get('spray-999')).toEqual({ value: 999 });
  });

  it('evicts b, not a recently read a', () => {
    // Prepare
    const cache = new BoundedTtlCache<string, number>({ maxEntries: 2, ttlMs: 60_000, now: () => 0 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');

    // Act
    cache.set('c', 3);

    // Assess
    expect(cache.get('a')).toEqual({ value: 1 });
    expect(cache.get('b')).toBeUndefined();
  });

  it('caches an undefined value as an entry (a key looked up and not found)', () => {
    const cache = new BoundedTtlCache<string, number | undefined>({ maxEntries: 2, ttlMs: 1, now: () => 0 });
    cache.set('missing', undefined);
    expect(cache.get('missing')).toEqual({ value: undefined });
  });

  it('holds nothing with a time to live of 0', () => {
    const cache = new BoundedTtlCache<string, number>({ maxEntries: 2, ttlMs: 0, now: () => 0 });
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('refuses a maximum that is not a positive integer', () => {
    expect(() => new BoundedTtlCache({ maxEntries: 0, ttlMs: 1, now: () => 0 })).toThrow(RangeError);
  });
});
