import type { Scalar, SubRule, ValueTest } from '../types.ts';
import type { Edge } from './edges.ts';

/** One sub-rule (an `$or` combination) of a named pattern, as the machine stores it. */
export interface MachineEntry {
  readonly name: string;
  readonly rule: SubRule;
  /** States where the entry is a candidate: every indexed field of it has matched on the way there. */
  readonly terminals: State[];
  /**
   * Every field is indexed: reaching a terminal proves the match when the event has no leaf inside an
   * array of objects (no array consistency to check), so the one-by-one check is skipped.
   */
  exact: boolean;
}

/** The transitions one state offers on one field path. */
export interface FieldEdges {
  readonly path: string;
  readonly exact: Map<Scalar, State>;
  readonly prefixes: Map<string, State>;
  /** The distinct prefix lengths, so a leaf is looked up once per length rather than once per prefix. */
  readonly prefixLengths: number[];
  readonly tests: Map<string, { readonly test: ValueTest; readonly next: State }>;
}

/**
 * A state of the machine (event-ruler's `NameState`): the sub-rules whose indexed fields all matched on
 * the way here, and the transitions on further fields. Paths from the root follow each sub-rule's indexed
 * fields in one global order, so rules that share leading fields and values share states.
 */
export interface State {
  readonly fields: Map<string, FieldEdges>;
  readonly candidates: Set<MachineEntry>;
}

export function newState(): State {
  return { fields: new Map(), candidates: new Set() };
}

function edgesFor(state: State, path: string): FieldEdges {
  let edges = state.fields.get(path);
  if (!edges) {
    edges = { path, exact: new Map(), prefixes: new Map(), prefixLengths: [], tests: new Map() };
    state.fields.set(path, edges);
  }
  return edges;
}

function getOrCreate<K>(map: Map<K, State>, key: K): State {
  let next = map.get(key);
  if (!next) {
    next = newState();
    map.set(key, next);
  }
  return next;
}

/** The state an edge on `path` leads to from `state`, created when new. */
export function follow(state: State, path: string, edge: Edge): State {
  const edges = edgesFor(state, path);
  switch (edge.kind) {
    case 'exact':
      return getOrCreate(edges.exact, edge.value);
    case 'prefix': {
      if (!edges.prefixLengths.includes(edge.text.length)) edges.prefixLengths.push(edge.text.length);
      return getOrCreate(edges.prefixes, edge.text);
    }
    case 'test': {
      let target = edges.tests.get(edge.identity);
      if (!target) {
        target = { test: edge.test, next: newState() };
        edges.tests.set(edge.identity, target);
      }
      return target.next;
    }
  }
}
