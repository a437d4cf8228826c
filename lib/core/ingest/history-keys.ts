import type { HistoryKey } from './dedup.ts';

export const DEFAULT_HISTORY_SHARDS = 16;

/** FNV-1a: a cheap, stable spread of ids over shards (the same id always lands on the same shard). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** `2026-11-23T11:04:15.123Z` → `2026-11-23T11`: one bucket per UTC hour. */
export function hourBucketOf(isoTime: string): string {
  return isoTime.slice(0, 13);
}

export function shardOf(id: string, shards: number): number {
  return fnv1a(id) % shards;
}

export function historyPartition(bucket: string, shard: number): string {
  return `${bucket}#${String(shard).padStart(3, '0')}`;
}

/**
 * History items live under `<hour bucket>#<shard>` and sort by `<receivedAt>#<id>`, so a time range is
 * a handful of Queries (hours × shards) merged in order, never a Scan, and one hot hour spreads over
 * `shards` partitions.
 */
export function historyKeyOf(
  event: { readonly id: string; readonly receivedAt: string },
  shards: number,
): HistoryKey {
  return {
    pk: historyPartition(hourBucketOf(event.receivedAt), shardOf(event.id, shards)),
    sk: `${event.receivedAt}#${event.id}`,
  };
}
