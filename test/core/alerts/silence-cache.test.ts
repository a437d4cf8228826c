import { describe, expect, it } from 'vitest';
import { cachedSilences } from '#lib/core/alerts/silence-cache.ts';
import type { Silence } from '#lib/core/alerts/silences.ts';

function silence(id: string): Silence {
  return {
    id,
    matchers: [{ field: 'source', value: 'press', match: 'exact' }],
    startsAt: '2026-11-27T10:00:00.000Z',
    endsAt: '2026-11-27T11:00:00.000Z',
    createdBy: 'ana',
    comment: 'test',
    createdAt: '2026-11-27T10:00:00.000Z',
  };
}

/** A store whose silences the test sets, counting reads. */
function store() {
  const state = { silences: [silence('a')], reads: 0, fail: false };
  const load = async () => {
    state.reads++;
    if (state.fail) throw new Error('DynamoDB unavailable');
    return [...state.silences];
  };
  return { state, load };
}

describe('Function: cachedSilences', () => {
  it('reads once per ttl, and sees a new silence once the ttl has passed', async () => {
    // Prepare
    let now = 1_000_000;
    const { state, load } = store();
    const silences = cachedSilences(load, { ttlMs: 5_000, now: () => now });

    // Act
    const first = await silences();
    state.silences.push(silence('b'));
    now += 4_999;
    const within = await silences();
    now += 1;
    const after = await silences();

    // Assess
    expect(first.map((s) => s.id)).toEqual(['a']);
    expect(within.map((s) => s.id)).toEqual(['a']);
    expect(after.map((s) => s.id)).toEqual(['a', 'b']);
    expect(state.reads).toBe(2);
  });

  it('shares one read between concurrent callers', async () => {
    // Prepare
    const { state, load } = store();
    const silences = cachedSilences(load, { ttlMs: 5_000, now: () => 0 });

    // Act
    const all = await Promise.all([silences(), silences(), silences()]);

    // Assess
    expect(all.map((list) => list.length)).toEqual([1, 1, 1]);
    expect(state.reads).toBe(1);
  });

  it('does not keep a failed read: the next call reads again', async () => {
    // Prepare
    const { state, load } = store();
    const silences = cachedSilences(load, { ttlMs: 5_000, now: () => 0 });
    state.fail = true;

    // Act
    const failed = silences();
    await expect(failed).rejects.toThrow('DynamoDB unavailable');
    state.fail = false;
    const next = await silences();

    // Assess
    expect(next.map((s) => s.id)).toEqual(['a']);
    expect(state.reads).toBe(2);
  });

  it('reads for every call with a ttl of 0', async () => {
    // Prepare
    const { state, load } = store();
    const silences = cachedSilences(load, { ttlMs: 0, now: () => 0 });

    // Act
    await silences();
    await silences();

    // Assess
    expect(state.reads).toBe(2);
  });
});
