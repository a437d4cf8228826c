import type { NumericRange } from '../numeric.ts';

/**
 * Numeric ranges of one field at one machine state, indexed so that finding the ranges holding a value
 * costs a binary search plus the ranges found, not one comparison per range. The finite endpoints
 * e0 < e1 < … < e(m-1) cut the number line into 2m + 1 elementary pieces: (-∞, e0), [e0], (e0, e1), [e1],
 * …, (e(m-1), +∞); every range is a run of pieces, stored in the O(log m) nodes of a segment tree that
 * cover the run. Rebuilt lazily after a change.
 */
export class NumericIndex<T> {
  readonly #ranges = new Map<string, { readonly range: NumericRange; readonly target: T }>();
  #endpoints: number[] = [];
  #tree: T[][] = [];
  #pieces = 0;
  #dirty = false;

  get size(): number {
    return this.#ranges.size;
  }

  /** The target stored for this range, created with `create` when the range is new. */
  targetFor(range: NumericRange, create: () => T): T {
    const key = `${range.lowerOpen ? '(' : '['}${range.lower},${range.upper}${range.upperOpen ? ')' : ']'}`;
    let entry = this.#ranges.get(key);
    if (!entry) {
      entry = { range, target: create() };
      this.#ranges.set(key, entry);
      this.#dirty = true;
    }
    return entry.target;
  }

  /** Calls `found` with the target of every range holding `value`. */
  forEachHolding(value: number, found: (target: T) => void): void {
    if (!Number.isFinite(value) || this.#ranges.size === 0) return;
    if (this.#dirty) this.#build();
    const piece = this.#pieceOf(value);
    let node = 1;
    let low = 0;
    let high = this.#pieces - 1;
    for (;;) {
      for (const target of this.#tree[node] ?? []) found(target);
      if (low === high) return;
      const middle = (low + high) >> 1;
      if (piece <= middle) {
        node = 2 * node;
        high = middle;
      } else {
        node = 2 * node + 1;
        low = middle + 1;
      }
    }
  }

  /** Index of the first endpoint ≥ value. */
  #search(value: number): number {
    let low = 0;
    let high = this.#endpoints.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.#endpoints[middle] as number) < value) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  #pieceOf(value: number): number {
    const index = this.#search(value);
    return this.#endpoints[index] === value ? 2 * index + 1 : 2 * index;
  }

  #build(): void {
    const finite = new Set<number>();
    for (const { range } of this.#ranges.values()) {
      if (Number.isFinite(range.lower)) finite.add(range.lower);
      if (Number.isFinite(range.upper)) finite.add(range.upper);
    }
    this.#endpoints = [...finite].sort((a, b) => a - b);
    this.#pieces = 2 * this.#endpoints.length + 1;
    this.#tree = [];
    for (const { range, target } of this.#ranges.values()) {
      const first = Number.isFinite(range.lower) ? this.#pieceOf(range.lower) + (range.lowerOpen ? 1 : 0) : 0;
      const last = Number.isFinite(range.upper)
        ? this.#pieceOf(range.upper) - (range.upperOpen ? 1 : 0)
        : this.#pieces - 1;
      if (first <= last) this.#insert(1, 0, this.#pieces - 1, first, last, target);
    }
    this.#dirty = false;
  }

  #insert(node: number, low: number, high: number, first: number, last: number, target: T): void {
    if (last < low || high < first) return;
    if (first <= low && high <= last) {
      let list = this.#tree[node];
      if (!list) {
        list = [];
        this.#tree[node] = list;
      }
      list.push(target);
      return;
    }
    const middle = (low + high) >> 1;
    this.#insert(2 * node, low, middle, first, last, target);
    this.#insert(2 * node + 1, middle + 1, high, first, last, target);
  }
}
