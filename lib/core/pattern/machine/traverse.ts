import type { Leaf } from '../types.ts';
import type { FieldEdges, MachineEntry, State } from './state.ts';

/**
 * Walks the machine over an event's flattened leaves (event-ruler `GenericMachine.rulesForEvent`): from
 * each reached state, every field path it has transitions on is looked up in the event, and each leaf
 * moves along the edges it satisfies. The work grows with the event's fields and the states its values
 * reach, not with the number of patterns. Adds the candidate entries of every state reached to `out`.
 */
export function collectCandidates(
  root: State,
  leaves: ReadonlyMap<string, readonly Leaf[]>,
  out: Set<MachineEntry>,
): void {
  const seen = new Set<State>([root]);
  const pending: State[] = [root];
  for (let state = pending.pop(); state !== undefined; state = pending.pop()) {
    for (const entry of state.candidates) out.add(entry);
    for (const edges of state.fields.values()) {
      const list = leaves.get(edges.path);
      if (list !== undefined) for (const leaf of list) step(edges, leaf, seen, pending);
    }
  }
}

function reach(next: State | undefined, seen: Set<State>, pending: State[]): void {
  if (next !== undefined && !seen.has(next)) {
    seen.add(next);
    pending.push(next);
  }
}

function step(edges: FieldEdges, leaf: Leaf, seen: Set<State>, pending: State[]): void {
  const value = leaf.value;
  if (edges.exact.size > 0) reach(edges.exact.get(value), seen, pending);
  if (typeof value === 'string') {
    for (const length of edges.prefixLengths) {
      if (length <= value.length) reach(edges.prefixes.get(value.slice(0, length)), seen, pending);
    }
  }
  for (const target of edges.tests.values()) if (target.test(leaf)) reach(target.next, seen, pending);
}
