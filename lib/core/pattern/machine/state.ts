import type { Scalar, SubRule } from '../types.ts';
import type { Edge } from './edges.ts';
import { NumericIndex } from './numeric-index.ts';

/** One sub-rule (an `$or` combination) of a named pattern, as the machine stores it. */
export interface MachineEntry {
  readonly name: string;
  readonly rule: SubRule;
  /** States where the entry is a candidate: every indexed field of it has matched on the way there. */
  readonly terminals: State[];
  /**
   * Every field is indexed by exact edges: reaching a terminal proves the match when the event has no
   * leaf inside an array of objects (no array consistency to check), so the one-by-one check is skipped.
   */
  exact: boolean;
}

/** An affix table: states by prefix (or suffix), and the distinct lengths to try on a value. */
export interface AffixEdges {
  readonly byText: Map<string, State>;
  readonly lengths: number[];
}

/** The transitions one state offers on one field path. */
export interface FieldEdges {
  readonly path: string;
  readonly values: Map<Scalar, State>;
  readonly prefixes: AffixEdges;
  readonly suffixes: AffixEdges;
  readonly ranges: NumericIndex<State>;
  any: State | undefined;
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
    edges = {
      path,
      values: new Map(),
      prefixes: { byText: new Map(), lengths: [] },
      suffixes: { byText: new Map(), lengths: [] },
      ranges: new NumericIndex(),
      any: undefined,
    };
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

function affix(table: AffixEdges, text: string): State {
  if (!table.lengths.includes(text.length)) table.lengths.push(text.length);
  return getOrCreate(table.byText, text);
}

/** The state an edge on `path` leads to from `state`, created when new. */
export function follow(state: State, path: string, edge: Edge): State {
  const edges = edgesFor(state, path);
  switch (edge.kind) {
    case 'value':
      return getOrCreate(edges.values, edge.value);
    case 'prefix':
      return affix(edges.prefixes, edge.text);
    case 'suffix':
      return affix(edges.suffixes, edge.text);
    case 'range':
      return edges.ranges.targetFor(edge.range, newState);
    case 'any':
      edges.any ??= newState();
      return edges.any;
  }
}
