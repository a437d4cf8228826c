import { comparePositions, type Order, type Position } from './position.ts';

/** One partition's rows, in the read order, a chunk per call (one Query each, in DynamoDB). */
export interface RowSource<T> {
  next(): Promise<{ readonly rows: readonly T[]; readonly done: boolean }>;
}

export interface MergedPage<T> {
  readonly rows: T[];
  /** False only when every source of every bucket is known to be exhausted. */
  readonly more: boolean;
}

interface Stream<T> {
  readonly source: RowSource<T>;
  buffer: readonly T[];
  index: number;
  done: boolean;
}

/** Pulls chunks until the stream has a row to offer or is exhausted (a filter may empty a chunk). */
async function fill<T>(stream: Stream<T>): Promise<void> {
  while (stream.index === stream.buffer.length && !stream.done) {
    const { rows, done } = await stream.source.next();
    stream.buffer = rows;
    stream.index = 0;
    stream.done = done;
  }
}

/**
 * A k-way merge of sorted sources into one page of `limit` rows, in (receivedAt, id) order. Buckets
 * are disjoint in time and come in reading order, so they are read one after another and only the
 * shards of one bucket are merged, their reads in parallel: concurrency is bounded by the shard
 * count, and a bucket is touched only if the page still needs rows. Sources are pulled lazily,
 * a chunk at a time, only when their head is needed. With 16 heads a linear scan beats a heap.
 */
export async function mergePage<T extends Position>(
  buckets: readonly (readonly RowSource<T>[])[],
  order: Order,
  limit: number,
): Promise<MergedPage<T>> {
  const sign = order === 'asc' ? 1 : -1;
  const rows: T[] = [];
  for (const [b, sources] of buckets.entries()) {
    const streams: Stream<T>[] = sources.map((source) => ({ source, buffer: [], index: 0, done: false }));
    for (;;) {
      if (rows.length === limit) {
        // Not read further just to learn whether more exists: a cursor may lead to an empty page.
        const more = b < buckets.length - 1 || streams.some((s) => s.index < s.buffer.length || !s.done);
        return { rows, more };
      }
      await Promise.all(streams.map(fill));
      let best: Stream<T> | undefined;
      for (const stream of streams) {
        const head = stream.buffer[stream.index];
        if (head === undefined) continue;
        const bestHead = best?.buffer[best.index];
        if (bestHead === undefined || sign * comparePositions(head, bestHead) < 0) best = stream;
      }
      if (!best) break;
      rows.push(best.buffer[best.index] as T);
      best.index++;
    }
  }
  return { rows, more: false };
}
