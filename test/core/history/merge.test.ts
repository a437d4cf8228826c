import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergePage, type RowSource } from '#lib/core/history/merge.ts';
import { comparePositions, type Position } from '#lib/core/history/position.ts';

interface Row extends Position {
  readonly n: number;
}

/** An in-memory partition, already in the read order, served `chunk` rows per call; counts its calls. */
function source(rows: readonly Row[], chunk = 2): RowSource<Row> & { calls: number } {
  let offset = 0;
  const src = {
    calls: 0,
    next: async () => {
      src.calls++;
      const out = rows.slice(offset, offset + chunk);
      offset += chunk;
      return { rows: out, done: offset >= rows.length };
    },
  };
  return src;
}

const at = (second: number, id: string, n = 0): Row => ({
  receivedAt: `2026-11-23T10:00:${String(second).padStart(2, '0')}.000Z`,
  id,
  n,
});
const ids = (rows: readonly Position[]) => rows.map((r) => `${r.receivedAt.slice(17, 19)}/${r.id}`);

describe('Function: mergePage', () => {
  it('merges the shards of a bucket oldest first', async () => {
    // Prepare
    const shards = [
      source([at(1, 'A'), at(4, 'A'), at(7, 'A')]),
      source([at(2, 'B'), at(3, 'B'), at(9, 'B')]),
      source([at(5, 'C')]),
    ];

    // Act
    const page = await mergePage([shards], 'asc', 10);

    // Assess
    expect(ids(page.rows)).toEqual(['01/A', '02/B', '03/B', '04/A', '05/C', '07/A', '09/B']);
    expect(page.more).toBe(false);
  });

  it('merges newest first for desc', async () => {
    // Prepare
    const shards = [source([at(7, 'A'), at(4, 'A'), at(1, 'A')]), source([at(9, 'B'), at(3, 'B')])];

    // Act
    const page = await mergePage([shards], 'desc', 10);

    // Assess
    expect(ids(page.rows)).toEqual(['09/B', '07/A', '04/A', '03/B', '01/A']);
  });

  it('breaks ties on receivedAt by id, both ways', async () => {
    // Prepare
    const asc = () => [
      source([at(1, 'B'), at(2, 'A')]),
      source([at(1, 'A'), at(1, 'C')]),
      source([at(1, 'D')]),
    ];
    const desc = () => [
      source([at(2, 'A'), at(1, 'B')]),
      source([at(1, 'C'), at(1, 'A')]),
      source([at(1, 'D')]),
    ];

    // Act
    const up = await mergePage([asc()], 'asc', 10);
    const down = await mergePage([desc()], 'desc', 10);

    // Assess
    expect(ids(up.rows)).toEqual(['01/A', '01/B', '01/C', '01/D', '02/A']);
    expect(ids(down.rows)).toEqual(['02/A', '01/D', '01/C', '01/B', '01/A']);
  });

  it('stops at the limit and says more may follow', async () => {
    // Act
    const page = await mergePage([[source([at(1, 'A'), at(3, 'A')]), source([at(2, 'B')])]], 'asc', 2);

    // Assess
    expect(ids(page.rows)).toEqual(['01/A', '02/B']);
    expect(page.more).toBe(true);
  });

  it('says nothing more when the page ends exactly where the last bucket does', async () => {
    // Act
    const page = await mergePage([[source([at(1, 'A')], 5)], [source([at(2, 'B')], 5)]], 'asc', 2);

    // Assess
    expect(page.rows).toHaveLength(2);
    expect(page.more).toBe(false);
  });

  it('reads the buckets in order and never touches a bucket the page does not need', async () => {
    // Prepare
    const first = [source([at(1, 'A'), at(3, 'A')]), source([at(2, 'B')])];
    const second = [source([at(4, 'C')]), source([at(5, 'D')])];

    // Act
    const page = await mergePage([first, second], 'asc', 3);

    // Assess
    expect(ids(page.rows)).toEqual(['01/A', '02/B', '03/A']);
    expect(second.map((s) => s.calls)).toEqual([0, 0]);
    expect(page.more).toBe(true);
  });

  it('moves to the next bucket when one runs dry', async () => {
    // Act
    const page = await mergePage(
      [[source([])], [source([at(4, 'C')]), source([at(5, 'D')])], [source([at(6, 'E')])]],
      'asc',
      3,
    );

    // Assess
    expect(ids(page.rows)).toEqual(['04/C', '05/D', '06/E']);
  });

  it('pulls a partition only when its next row is needed', async () => {
    // Prepare: 20 rows in the first shard, 1 in the second; a page of 3
    const long = source(
      Array.from({ length: 20 }, (_, i) => at(i + 10, 'A')),
      2,
    );
    const short = source([at(50, 'B')]);

    // Act
    await mergePage([[long, short]], 'asc', 3);

    // Assess: two chunks of two rows, no more
    expect(long.calls).toBe(2);
    expect(short.calls).toBe(1);
  });

  it('keeps pulling a partition whose chunks the filter emptied', async () => {
    // Prepare
    let calls = 0;
    const filtered: RowSource<Row> = {
      next: async () => {
        calls++;
        return calls < 4 ? { rows: [], done: false } : { rows: [at(2, 'F')], done: true };
      },
    };

    // Act
    const page = await mergePage([[filtered, source([at(1, 'A'), at(3, 'A')])]], 'asc', 10);

    // Assess
    expect(ids(page.rows)).toEqual(['01/A', '02/F', '03/A']);
    expect(calls).toBe(4);
  });

  it("reads a bucket's shards in parallel", async () => {
    // Prepare
    let inFlight = 0;
    let peak = 0;
    const slow = (rows: Row[]): RowSource<Row> => ({
      next: async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setImmediate(resolve)); // after every shard read began, if in parallel
        inFlight--;
        return { rows, done: true };
      },
    });

    // Act
    await mergePage(
      [Array.from({ length: 16 }, (_, i) => slow([at(i, 'A')])), [slow([at(59, 'Z')])]],
      'asc',
      100,
    );

    // Assess
    expect(peak).toBe(16);
  });

  it('equals a sort of all rows, for any split into buckets and shards, chunk size and limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(
          fc.record({
            second: fc.integer({ min: 0, max: 59 }),
            id: fc.constantFrom('A', 'B', 'C', 'D', 'E'),
          }),
          {
            selector: (r) => `${r.second}/${r.id}`,
            maxLength: 60,
          },
        ),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 70 }),
        fc.boolean(),
        async (specs, shards, chunk, limit, ascending) => {
          const rows = specs.map((s) => at(s.second, s.id));
          const sign = ascending ? 1 : -1;
          const sorted = [...rows].sort((a, b) => sign * comparePositions(a, b));
          // Buckets of 20 seconds, in reading order; rows spread over shards by id.
          const bucketOf = (r: Row) => Math.floor(Number(r.receivedAt.slice(17, 19)) / 20);
          const order = ascending ? [0, 1, 2] : [2, 1, 0];
          const buckets = order.map((b) =>
            Array.from({ length: shards }, (_, s) =>
              source(
                sorted.filter((r) => bucketOf(r) === b && r.id.charCodeAt(0) % shards === s),
                chunk,
              ),
            ),
          );

          const page = await mergePage(buckets, ascending ? 'asc' : 'desc', limit);

          expect(page.rows).toEqual(sorted.slice(0, limit));
          if (sorted.length > limit) expect(page.more).toBe(true);
        },
      ),
    );
  });
});
