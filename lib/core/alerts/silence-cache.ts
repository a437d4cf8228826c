import type { Silence } from './silences.ts';

/** How long an alerting environment reuses the silences it read: a new silence takes effect within this. */
export const DEFAULT_SILENCE_CACHE_SECONDS = 5;

export interface SilenceCacheOptions {
  /** 0 reads the silences for every event. */
  readonly ttlMs: number;
  readonly now: () => number;
}

/**
 * The silences, read at most once per `ttlMs`: concurrent callers share one read, and a failed
 * read is not kept (the next call reads again). Each silence's own start and end are still
 * checked against the time of each event; only silences created, changed or expired through the
 * API during the last `ttlMs` can be missed, so a change takes effect within `ttlMs`.
 */
export function cachedSilences(
  load: () => Promise<readonly Silence[]>,
  options: SilenceCacheOptions,
): () => Promise<readonly Silence[]> {
  let cached: { readonly at: number; readonly silences: Promise<readonly Silence[]> } | undefined;
  return () => {
    const now = options.now();
    if (cached && now - cached.at < options.ttlMs) return cached.silences;
    const entry = { at: now, silences: load() };
    cached = entry;
    entry.silences.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return entry.silences;
  };
}
