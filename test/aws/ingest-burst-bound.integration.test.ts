import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDedupStore } from '#lib/aws/dedup-store.ts';
import { burstWindowAt } from '#lib/core/ingest/burst.ts';
import { countEvery } from '#lib/core/ingest/burst-tally.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';
import { apiEvent, event, parseBody, recordingBus, testIngest } from '../support/ingest.ts';

let tables: TestTables;
const nowMs = Date.UTC(2026, 10, 27, 12, 0, 30); // mid-window: every request counts into one window

beforeAll(async () => {
  tables = await createTestTables();
});

/** Environments (one pipeline each) that each serve one request at a time, as Lambda's do. */
async function sendThrough(environments: number, events: number, type: string, threshold: number) {
  const env = { BURST_OVERRIDES: JSON.stringify([{ type, threshold, windowSeconds: 60 }]) };
  const handlers = Array.from(
    { length: environments },
    () => testIngest(tables, { env, now: () => nowMs }).handler,
  );
  const statuses: string[] = [];
  let next = 0;
  await Promise.all(
    handlers.map(async (handler) => {
      while (next < events) {
        next++;
        const response = await handler(apiEvent(JSON.stringify(event({ source: 'fleet.burst', type }))));
        statuses.push(parseBody(response).status);
      }
    }),
  );
  return statuses;
}

describe('Function: burst suppression with per-environment counting, on the real DynamoDB', () => {
  let bus: ReturnType<typeof recordingBus>;

  beforeEach(() => {
    bus = recordingBus();
    return () => bus.mock.restore();
  });

  it.each([
    [4, 200, 100],
    [6, 200, 20],
    [3, 60, 5],
  ])(
    '%i concurrent environments, %i single events of one pair, threshold %i: dispatched ≤ threshold + (k − 1) × environments, one summary',
    async (environments, events, threshold) => {
      // Prepare
      const type = `bound.${environments}.${threshold}.${Date.now()}`;
      const bound = threshold + (countEvery({ threshold, windowSeconds: 60 }) - 1) * environments;

      // Act
      const statuses = await sendThrough(environments, events, type, threshold);

      // Assess
      const accepted = statuses.filter((s) => s === 'accepted').length;
      expect(statuses).toHaveLength(events);
      expect(accepted).toBeGreaterThanOrEqual(threshold);
      expect(accepted).toBeLessThanOrEqual(bound);
      expect(statuses.filter((s) => s === 'suppressed')).toHaveLength(events - accepted);
      expect(bus.envelopes().filter((e) => e.type === type)).toHaveLength(accepted);
      const summaries = bus.envelopes().filter((e) => e.type === 'burst.suppressed' && e.data?.type === type);
      expect(summaries).toHaveLength(1);
      expect(summaries[0]?.data).toMatchObject({ threshold, count: expect.any(Number) });
      expect(Number(summaries[0]?.data?.count)).toBeGreaterThan(threshold);
    },
  );

  it('writes no burst counter for a pair that stays below countEvery in its environment', async () => {
    // Prepare
    const type = `quiet.${Date.now()}`;

    // Act
    const statuses = await sendThrough(1, 9, type, 100);

    // Assess
    expect(statuses).toEqual(new Array(9).fill('accepted'));
    const store = new DynamoDedupStore({
      tableName: tables.dedup,
      client: tables.client,
      burstCountRetentionSeconds: 3600,
      now: () => nowMs,
    });
    const window = burstWindowAt(nowMs, 60);
    const counter = {
      source: 'fleet.burst',
      type,
      windowStart: window.start,
      windowSeconds: 60,
      threshold: 100,
    };
    expect(await store.getBurstCount(counter)).toBe(0);
    expect(bus.envelopes().filter((e) => e.type === 'burst.suppressed' && e.data?.type === type)).toEqual([]);
  });
});
