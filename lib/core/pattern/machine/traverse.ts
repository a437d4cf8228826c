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
  const walk = new Walk(root);
  for (let state = walk.next(); state !== undefined; state = walk.next()) {
    for (const entry of state.candidates) out.add(entry);
    for (const edges of state.fields.values()) {
      const list = leaves.get(edges.path);
      if (list !== undefined) for (const leaf of list) walk.step(edges, leaf);
    }
  }
}

/** The states reached so far and those still to visit. */
class Walk {
  readonly #seen = new Set<State>();
  readonly #pending: State[] = [];
  readonly #reach = (next: State | undefined): void => {
    if (next !== undefined && !this.#seen.has(next)) {
      this.#seen.add(next);
      this.#pending.push(next);
    }
  };

  constructor(root: State) {
    this.#reach(root);
  }

  next(): State | undefined {
    return this.#pending.pop();
  }

  step(edges: FieldEdges, leaf: Leaf): void {
    const value = leaf.value;
    const reach = this.#reach;
    if (edges.values.size > 0) reach(edges.values.get(value));
    if (typeof value === 'string') {
      for (const length of edges.prefixes.lengths) {
        if (length <= value.length) reach(edges.prefixes.byText.get(value.slice(0, length)));
      }
      for (const length of edges.suffixes.lengths) {
        if (length <= value.length) reach(edges.suffixes.byText.get(value.slice(value.length - length)));
      }
    } else if (typeof value === 'number') {
      edges.ranges.forEachHolding(value, reach);
    }
    reach(edges.any);
  }
}
