import type { Leaf, Membership, SubRule } from './types.ts';

/**
 * Array-consistent matching of one sub-rule, after event-ruler `ACFinder`: fields are taken in sorted
 * path order; each must be satisfied by a leaf whose array membership agrees with the leaves already
 * chosen (two fields cannot be matched from different elements of the same array). `exists: false` holds
 * when no leaf of the field is consistent with the membership chosen so far — fields later in the order
 * are not yet bound, exactly as in event-ruler's traversal.
 */

const NO_LEAVES: readonly Leaf[] = [];

function consistent(chosen: Membership, candidate: Membership): boolean {
  for (let i = 0; i < candidate.length; i += 2) {
    for (let j = 0; j < chosen.length; j += 2) {
      if (chosen[j] === candidate[i] && chosen[j + 1] !== candidate[i + 1]) return false;
    }
  }
  return true;
}

function merge(chosen: Membership, candidate: Membership): Membership {
  if (candidate.length === 0) return chosen;
  if (chosen.length === 0) return candidate;
  const merged = chosen.slice();
  for (let i = 0; i < candidate.length; i += 2) {
    let known = false;
    for (let j = 0; j < chosen.length; j += 2) if (chosen[j] === candidate[i]) known = true;
    if (!known) merged.push(candidate[i] ?? 0, candidate[i + 1] ?? 0);
  }
  return merged;
}

/** Whether the event's leaves satisfy every field of the sub-rule. */
export function matchesSubRule(rule: SubRule, leaves: ReadonlyMap<string, readonly Leaf[]>): boolean {
  const lists = rule.map((field) => leaves.get(field.path) ?? NO_LEAVES);
  for (let index = 0; index < rule.length; index++) {
    if ((lists[index]?.length ?? 0) === 0 && rule[index]?.absent !== true) return false;
  }
  // Failed (index, membership) states; only worth keeping when some field offers several leaves.
  const failed = lists.some((list) => list.length > 1) ? new Set<string>() : undefined;

  const step = (index: number, chosen: Membership): boolean => {
    const field = rule[index];
    if (field === undefined) return true;
    const key = failed ? `${index}|${chosen.join(',')}` : '';
    if (failed?.has(key)) return false;
    const list = lists[index] ?? NO_LEAVES;
    const test = field.test;
    if (test) {
      for (const leaf of list) {
        if (
          consistent(chosen, leaf.membership) &&
          test(leaf) &&
          step(index + 1, merge(chosen, leaf.membership))
        ) {
          return true;
        }
      }
    }
    if (
      field.absent &&
      !list.some((leaf) => consistent(chosen, leaf.membership)) &&
      step(index + 1, chosen)
    ) {
      return true;
    }
    failed?.add(key);
    return false;
  };
  return step(0, []);
}
