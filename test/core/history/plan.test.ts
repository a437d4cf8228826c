import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstReadLimit, hourBuckets, nextReadLimit, planQuery } from '#lib/core/history/plan.ts';
import { comparePositions, type Order, type Position } from '#lib/core/history/position.ts';
import { historyKeyOf } from '#lib/core/ingest/history-keys.ts';

const ID = '01JD0000000000000000000000';

describe('Function: hourBuckets', () => {
  it('lists the UTC hours that hold [from, to), oldest first', () => {
    expect(hourBuckets('2026-11-23T10:30:00.000Z', '2026-11-23T13:00:00.000Z')).toEqual([
      '2026-11-23T10',
      '2026-11-23T11',
      '2026-11-23T12',
    ]);
    expect(hourBuckets('2026-11-23T10:30:00.000Z', '2026-11-23T13:00:00.001Z')).toHaveLength(4);
  });

  it('crosses days and holds nothing for an empty range', () => {
    expect(hourBuckets('2026-12-31T23:59:00.000Z', '2027-01-01T00:00:01.000Z')).toEqual([
      '2026-12-31T23',
      '2027-01-01T00',
    ]);
    expect(hourBuckets('2026-11-23T10:00:00.000Z', '2026-11-23T10:00:00.000Z')).toEqual([]);
  });
});

describe('Function: planQuery', () => {
  const range = { from: '2026-11-23T10:30:00.000Z', to: '2026-11-23T12:15:00.000Z' };

  it('queries every shard of every bucket, the sort-key bounds clipped to the range and the hour', () => {
    // Act
    const plan = planQuery({ ...range, order: 'asc' }, 2);

    // Assess
    expect(plan).toEqual([
      {
        bucket: '2026-11-23T10',
        partitions: [
          { pk: '2026-11-23T10#000', skFrom: '2026-11-23T10:30:00.000Z', skTo: '2026-11-23T11:00:00.000Z' },
          { pk: '2026-11-23T10#001', skFrom: '2026-11-23T10:30:00.000Z', skTo: '2026-11-23T11:00:00.000Z' },
        ],
      },
      {
        bucket: '2026-11-23T11',
        partitions: [
          { pk: '2026-11-23T11#000', skFrom: '2026-11-23T11:00:00.000Z', skTo: '2026-11-23T12:00:00.000Z' },
          { pk: '2026-11-23T11#001', skFrom: '2026-11-23T11:00:00.000Z', skTo: '2026-11-23T12:00:00.000Z' },
        ],
      },
      {
        bucket: '2026-11-23T12',
        partitions: [
          { pk: '2026-11-23T12#000', skFrom: '2026-11-23T12:00:00.000Z', skTo: '2026-11-23T12:15:00.000Z' },
          { pk: '2026-11-23T12#001', skFrom: '2026-11-23T12:00:00.000Z', skTo: '2026-11-23T12:15:00.000Z' },
        ],
      },
    ]);
  });

  it('reads the newest bucket first for desc', () => {
    expect(planQuery({ ...range, order: 'desc' }, 16).map((b) => b.bucket)).toEqual([
      '2026-11-23T12',
      '2026-11-23T11',
      '2026-11-23T10',
    ]);
  });

  it('oldest first, starts strictly after the cursor: earlier buckets dropped, its own bucket from it', () => {
    // Act
    const plan = planQuery(
      { ...range, order: 'asc', after: { receivedAt: '2026-11-23T11:20:00.000Z', id: ID } },
      16,
    );

    // Assess
    expect(plan.map((b) => b.bucket)).toEqual(['2026-11-23T11', '2026-11-23T12']);
    expect(plan[0]?.partitions.every((p) => p.exclusiveStart === `2026-11-23T11:20:00.000Z#${ID}`)).toBe(
      true,
    );
    expect(plan[1]?.partitions.some((p) => p.exclusiveStart !== undefined)).toBe(false);
  });

  it('newest first, starts strictly before the cursor: later buckets dropped', () => {
    // Act
    const plan = planQuery(
      { ...range, order: 'desc', after: { receivedAt: '2026-11-23T11:20:00.000Z', id: ID } },
      16,
    );

    // Assess
    expect(plan.map((b) => b.bucket)).toEqual(['2026-11-23T11', '2026-11-23T10']);
    expect(plan[0]?.partitions[3]?.exclusiveStart).toBe(`2026-11-23T11:20:00.000Z#${ID}`);
    expect(plan[1]?.partitions[3]?.exclusiveStart).toBeUndefined();
  });

  it('leaves out a bucket the cursor ends exactly at, and reads nothing past the end', () => {
    const atHour = { receivedAt: '2026-11-23T11:00:00.000Z', id: ID };
    expect(planQuery({ ...range, order: 'asc', after: atHour }, 1).map((b) => b.bucket)).toEqual([
      '2026-11-23T11',
      '2026-11-23T12',
    ]);
    const pastEnd = { receivedAt: '2026-11-23T12:15:00.000Z', id: ID };
    expect(planQuery({ ...range, order: 'asc', after: pastEnd }, 1)).toEqual([]);
  });

  it('selects exactly the events in [from, to) past the cursor, through keys and BETWEEN bounds', () => {
    const base = Date.parse('2026-11-23T00:00:00.000Z');
    const time = fc.integer({ min: 0, max: 6 * 3_600_000 }).map((ms) => new Date(base + ms).toISOString());
    const id = fc.stringMatching(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
    fc.assert(
      fc.property(
        fc.array(fc.record({ receivedAt: time, id }), { maxLength: 40 }),
        time,
        time,
        fc.option(fc.record({ receivedAt: time, id })),
        fc.constantFrom<Order>('asc', 'desc'),
        fc.integer({ min: 1, max: 8 }),
        (events, a, b, after, order, shards) => {
          const [from, to] = a <= b ? [a, b] : [b, a];
          const plan = planQuery({ from, to, order, ...(after ? { after } : {}) }, shards);
          const partitions = new Map(plan.flatMap((bucket) => bucket.partitions).map((p) => [p.pk, p]));
          const past = (e: Position) =>
            !after || (order === 'asc' ? comparePositions(e, after) > 0 : comparePositions(e, after) < 0);
          for (const event of events) {
            const key = historyKeyOf(event, shards);
            const p = partitions.get(key.pk);
            const selected =
              p !== undefined &&
              p.skFrom <= key.sk &&
              key.sk <= p.skTo &&
              (p.exclusiveStart === undefined ||
                (order === 'asc' ? key.sk > p.exclusiveStart : key.sk < p.exclusiveStart));
            expect(selected).toBe(event.receivedAt >= from && event.receivedAt < to && past(event));
          }
          for (const p of partitions.values()) {
            expect(p.skFrom <= p.skTo).toBe(true);
            if (p.exclusiveStart)
              expect(p.skFrom <= p.exclusiveStart && p.exclusiveStart <= p.skTo).toBe(true);
          }
        },
      ),
    );
  });
});

describe('Function: firstReadLimit', () => {
  it("reads a partition's share of the page plus one, at least 10 and at most 1000", () => {
    expect(firstReadLimit(100, 16)).toBe(10);
    expect(firstReadLimit(1000, 16)).toBe(64);
    expect(firstReadLimit(1000, 1)).toBe(1000);
    expect(firstReadLimit(1, 16)).toBe(10);
  });

  it('doubles for each further call of the same partition, up to 1000', () => {
    expect(nextReadLimit(10)).toBe(20);
    expect(nextReadLimit(640)).toBe(1000);
  });
});
