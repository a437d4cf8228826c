import type { SubRule } from '../types.ts';
import { type IndexedField, indexField } from './edges.ts';
import { follow, type MachineEntry, type State } from './state.ts';

/**
 * How many machine paths one sub-rule may add: a field listing m values multiplies the paths by m, so
 * `{"source": [10 values], "type": [10 values]}` adds 100. Fields past the cap are left to the check.
 */
export const MAX_PATHS_PER_RULE = 256;

function byRankThenPath(left: IndexedField, right: IndexedField): number {
  if (left.rank !== right.rank) return left.rank - right.rank;
  if (left.path === right.path) return 0;
  return left.path < right.path ? -1 : 1;
}

/** The sub-rule's indexable fields in the machine's global order, cut where the path count would pass the cap. */
export function indexedFields(rule: SubRule): IndexedField[] {
  const fields = rule.flatMap((field) => indexField(field) ?? []).sort(byRankThenPath);
  const kept: IndexedField[] = [];
  let paths = 1;
  for (const field of fields) {
    const distinct = new Set(field.edges.map((edge) => JSON.stringify(edge))).size;
    if (paths * distinct > MAX_PATHS_PER_RULE) break;
    paths *= distinct;
    kept.push(field);
  }
  return kept;
}

/**
 * Adds the entry to the machine under `root`: every combination of its indexed fields' edges is a path, and
 * the entry becomes a candidate at each path's end. Returns false when no field can be indexed: the
 * entry must then be checked against every event.
 */
export function addEntry(root: State, entry: MachineEntry): boolean {
  const fields = indexedFields(entry.rule);
  entry.exact = fields.length === entry.rule.length && fields.every((f) => f.edges.every((e) => e.exact));
  if (fields.length === 0) return false;
  let states = [root];
  for (const field of fields) {
    const next = new Set<State>();
    for (const state of states) for (const edge of field.edges) next.add(follow(state, field.path, edge));
    states = [...next];
  }
  for (const state of states) {
    state.candidates.add(entry);
    entry.terminals.push(state);
  }
  return true;
}
