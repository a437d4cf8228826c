import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDedupStore } from '#lib/aws/dedup-store.ts';
import type { Claim } from '#lib/core/ingest/dedup.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';

let tables: TestTables;
let store: DynamoDedupStore;
/** DynamoDB Local deletes items whose TTL is behind the real clock: the store's clock runs 30 days ahead. */
const NOW_MS = Date.now() + 30 * 86_400_000;

beforeAll(async () => {
  tables = await createTestTables();
  store = new DynamoDedupStore({
    tableName: tables.dedup,
    client: tables.client,
    burstCountRetentionSeconds: 3_600,
    now: () => NOW_MS,
  });
});

function claimOf(dedupKey: string, overrides: Partial<Claim> = {}): Claim {
  return {
    source: 'fleet.claims',
    dedupKey,
    id: `01KB${dedupKey.padStart(22, '0')}`.slice(0, 26),
    token: `token-${dedupKey}-${Math.random()}`,
    receivedAt: new Date(NOW_MS).toISOString(),
    leaseUntil: NOW_MS + 10_000,
    expiresAt: Math.floor(NOW_MS / 1000) + 600,
    historyKey: { pk: 'H#fleet.claims#0', sk: `${dedupKey}` },
    ...overrides,
  };
}

describe('Store: DynamoDedupStore.claimFree', () => {
  it('writes the claims whose keys are free, over several requests, and leaves the held ones unwritten', async () => {
    // Prepare: 30 keys (two requests of at most 25 statements), two of them already claimed
    const run = `free-${Date.now()}`;
    const claims = Array.from({ length: 30 }, (_, i) => claimOf(`${run}-${i}`));
    const live = claimOf(`${run}-3`);
    const ended = claimOf(`${run}-27`, { expiresAt: Math.floor(NOW_MS / 1000) - 5 });
    expect(await store.claim(live, NOW_MS)).toEqual({ claimed: true });
    expect(await store.claim(ended, NOW_MS - 700_000)).toEqual({ claimed: true });

    // Act
    const written = await store.claimFree(claims);

    // Assess: a held key is left to claim(), even one whose dedup window ended (claim() takes it over)
    expect(written.map((w, i) => (w ? -1 : i)).filter((i) => i >= 0)).toEqual([3, 27]);
    expect(await store.get('fleet.claims', `${run}-10`)).toEqual(claims[10]);
    expect((await store.get('fleet.claims', `${run}-3`))?.token).toBe(live.token);
    expect(await store.claim(claims[27] as Claim, NOW_MS)).toEqual({ claimed: true });
  });

  it('answers nothing written, without throwing, when its requests fail', async () => {
    // Prepare: a store on a table that does not exist
    const missing = new DynamoDedupStore({
      tableName: 'no-such-table',
      client: tables.client,
      burstCountRetentionSeconds: 3_600,
    });

    // Act
    const written = await missing.claimFree([claimOf('a'), claimOf('b')]);

    // Assess
    expect(written).toEqual([false, false]);
  });
});
