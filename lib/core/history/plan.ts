import { historyPartition, hourBucketOf } from '../ingest/history-keys.ts';
import type { Order, Position } from './position.ts';
import { sortKeyOf } from './position.ts';

const HOUR_MS = 3_600_000;
/** DynamoDB reads at most 1 MB per Query call anyway; more items per call only delay the first answer. */
export const MAX_READ_LIMIT = 1000;
/** Below this, a call's fixed cost (0.5–1 read unit, one round trip) outweighs what it saves. */
export const MIN_READ_LIMIT = 10;

/**
 * One partition's Query: `pk = :pk AND sk BETWEEN :skFrom AND :skTo`. The bounds are bare ISO times
 * and every sort key is `<receivedAt>#<id>`, so BETWEEN selects exactly `skFrom <= receivedAt < skTo`.
 */
export interface PartitionPlan {
  readonly pk: string;
  readonly skFrom: string;
  readonly skTo: string;
  /** The cursor's sort key, for `ExclusiveStartKey`; always within [skFrom, skTo] as DynamoDB demands. */
  readonly exclusiveStart?: string;
}

export interface BucketPlan {
  readonly bucket: string;
  readonly partitions: readonly PartitionPlan[];
}

/** The UTC hour buckets that hold `[from, to)`, oldest first. */
export function hourBuckets(from: string, to: string): string[] {
  const end = Date.parse(to);
  const buckets: string[] = [];
  for (let t = Math.floor(Date.parse(from) / HOUR_MS) * HOUR_MS; t < end; t += HOUR_MS) {
    buckets.push(hourBucketOf(new Date(t).toISOString()));
  }
  return buckets;
}

/**
 * The buckets to read, in reading order (newest first for desc), each with one Query per shard.
 * Buckets hold disjoint hours, so only the shards of one bucket need merging; buckets wholly on
 * the far side of the cursor are left out.
 */
export function planQuery(
  query: { readonly from: string; readonly to: string; readonly order: Order; readonly after?: Position },
  shards: number,
): BucketPlan[] {
  const cursor = query.after ? sortKeyOf(query.after) : undefined;
  const plans: BucketPlan[] = [];
  for (const bucket of hourBuckets(query.from, query.to)) {
    const start = Date.parse(`${bucket}:00:00.000Z`);
    const bucketFrom = new Date(start).toISOString();
    const bucketTo = new Date(start + HOUR_MS).toISOString();
    const skFrom = query.from > bucketFrom ? query.from : bucketFrom;
    const skTo = query.to < bucketTo ? query.to : bucketTo;
    let exclusiveStart: string | undefined;
    if (cursor !== undefined && query.order === 'asc') {
      if (cursor >= skTo) continue;
      if (cursor >= skFrom) exclusiveStart = cursor;
    } else if (cursor !== undefined) {
      if (cursor <= skFrom) continue;
      if (cursor <= skTo) exclusiveStart = cursor;
    }
    const partitions = Array.from({ length: shards }, (_, shard) => ({
      pk: historyPartition(bucket, shard),
      skFrom,
      skTo,
      ...(exclusiveStart === undefined ? {} : { exclusiveStart }),
    }));
    plans.push({ bucket, partitions });
  }
  return query.order === 'asc' ? plans : plans.reverse();
}

/**
 * The `Limit` of a partition's first Query: its even share of the page plus one, since the shards
 * of an hour interleave in time. `Limit` counts items read before the filter, so a filtered or
 * uneven partition needs more calls; each further call doubles it (`nextReadLimit`).
 */
export function firstReadLimit(limit: number, shards: number): number {
  return Math.min(MAX_READ_LIMIT, Math.max(MIN_READ_LIMIT, Math.ceil(limit / shards) + 1));
}

export function nextReadLimit(previous: number): number {
  return Math.min(MAX_READ_LIMIT, previous * 2);
}
