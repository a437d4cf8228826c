/**
 * A cache with a time to live and a maximum number of entries: reading an entry makes it the most
 * recently used, and a write beyond the maximum evicts the least recently used one (a Map keeps
 * insertion order, so the first key is the oldest). Expired entries are dropped when met.
 */
export class BoundedTtlCache<K, V> {
  private readonly entries = new Map<K, { readonly value: V; readonly until: number }>();

  constructor(
    private readonly options: {
      readonly maxEntries: number;
      readonly ttlMs: number;
      readonly now: () => number;
    },
  ) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1)
      throw new RangeError(`maxEntries must be a positive integer, got ${options.maxEntries}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The live entry, or undefined (never cached, expired or evicted). */
  get(key: K): { readonly value: V } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.until <= this.options.now()) return undefined;
    this.entries.set(key, entry);
    return { value: entry.value };
  }

  set(key: K, value: V): void {
    if (this.options.ttlMs <= 0) return;
    this.entries.delete(key);
    while (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, until: this.options.now() + this.options.ttlMs });
  }
}
