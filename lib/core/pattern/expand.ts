import type { FieldPattern, PatternEntry, SubRule } from './types.ts';

/**
 * `$or` expansion, after event-ruler `JsonRuleCompiler.parseIntoOrRelationship`: a pattern becomes the list
 * of its AND-only combinations. Sibling `$or`s multiply, nested ones add up inside their branch. A field
 * written twice for the same path keeps the last write (document order), so a field before a `$or` can be
 * overridden inside a branch, and one after it overrides every branch.
 */

const CAP = Number.MAX_SAFE_INTEGER;

/** Number of combinations the entries expand to (1 for a pattern without `$or`). */
export function countCombinations(entries: readonly PatternEntry[]): number {
  let count = 1;
  for (const entry of entries) {
    if (entry.kind === 'or') {
      let sum = 0;
      for (const branch of entry.branches) sum = Math.min(CAP, sum + countCombinations(branch));
      count = Math.min(CAP, count * sum);
    }
  }
  return count;
}

type Draft = Map<string, FieldPattern>;

function apply(entries: readonly PatternEntry[], drafts: Draft[]): Draft[] {
  let current = drafts;
  for (const entry of entries) {
    if (entry.kind === 'field') {
      if (current.length === 0) current = [new Map()];
      for (const draft of current) draft.set(entry.field.path, entry.field);
    } else {
      const base = current.length === 0 ? [new Map<string, FieldPattern>()] : current;
      const next: Draft[] = [];
      for (const branch of entry.branches) {
        next.push(
          ...apply(
            branch,
            base.map((draft) => new Map(draft)),
          ),
        );
      }
      current = next;
    }
  }
  return current;
}

function byPath(left: FieldPattern, right: FieldPattern): number {
  if (left.path === right.path) return 0;
  return left.path < right.path ? -1 : 1;
}

/** The sub-rules of a pattern, each sorted by path (the order event-ruler's machine walks fields in). */
export function expandPattern(entries: readonly PatternEntry[]): SubRule[] {
  return apply(entries, []).map((draft) => [...draft.values()].sort(byPath));
}
