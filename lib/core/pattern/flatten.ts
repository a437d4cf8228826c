import type { Leaf, Membership, Scalar } from './types.ts';

/**
 * Event flattening, after event-ruler `Event.java`: every leaf (string, number, boolean, null) is listed
 * under its dot-joined path; arrays are "crushed", each element offered under the array's own path. An
 * element that is an object or an array records `[arrayId, index]` in the membership of the leaves below
 * it (a scalar element does not). Objects, empty arrays and empty objects yield no leaf, so they are
 * absent for `exists`. Only paths the pattern can use are visited.
 */

const NO_MEMBERSHIP: Membership = [];

/** One segment of the paths a pattern reads: its full dot-joined path, and what lies below it. */
interface PlanNode {
  readonly path: string;
  isField: boolean;
  readonly children: Map<string, PlanNode>;
}

/**
 * The paths a compiled pattern reads, as a trie of their dot-separated segments, so flattening
 * only looks up the event's keys and never builds a path string for a key the pattern ignores.
 */
export class FlattenPlan {
  readonly root: PlanNode = { path: '', isField: false, children: new Map() };

  constructor(paths: Iterable<string>) {
    for (const path of paths) this.add(path);
  }

  /** Adds a path to read (a plan may grow as patterns are added to a `PatternMachine`). */
  add(path: string): void {
    let node = this.root;
    for (const segment of path.split('.')) {
      let child = node.children.get(segment);
      if (!child) {
        child = {
          path: node === this.root ? segment : `${node.path}.${segment}`,
          isField: false,
          children: new Map(),
        };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.isField = true;
  }
}

/** The node an event key leads to; a key holding dots walks one segment per part, as the joined path would. */
function childOf(node: PlanNode, key: string): PlanNode | undefined {
  if (!key.includes('.')) return node.children.get(key);
  let current: PlanNode | undefined = node;
  for (const segment of key.split('.')) {
    current = current.children.get(segment);
    if (!current) return undefined;
  }
  return current;
}

function isScalar(value: unknown): value is Scalar {
  return (
    value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
  );
}

interface FlattenState {
  readonly leaves: Map<string, Leaf[]>;
  readonly membership: number[];
  arrayCount: number;
}

function addLeaf(state: FlattenState, path: string, value: Scalar): void {
  const { membership, leaves } = state;
  const leaf: Leaf = { value, membership: membership.length === 0 ? NO_MEMBERSHIP : membership.slice() };
  const list = leaves.get(path);
  if (list) list.push(leaf);
  else leaves.set(path, [leaf]);
}

function visitObject(state: FlattenState, node: PlanNode, object: object): void {
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const child = childOf(node, key);
    if (child) visitValue(state, child, (object as Record<string, unknown>)[key]);
  }
}

function visitArray(state: FlattenState, node: PlanNode, array: readonly unknown[]): void {
  const id = state.arrayCount++;
  for (let index = 0; index < array.length; index++) {
    const element = array[index];
    if (typeof element === 'object' && element !== null) {
      state.membership.push(id, index);
      if (Array.isArray(element)) visitArray(state, node, element);
      else if (node.children.size > 0) visitObject(state, node, element);
      state.membership.length -= 2;
    } else {
      visitValue(state, node, element);
    }
  }
}

function visitValue(state: FlattenState, node: PlanNode, value: unknown): void {
  if (isScalar(value)) {
    if (node.isField) addLeaf(state, node.path, value);
  } else if (Array.isArray(value)) {
    visitArray(state, node, value);
  } else if (typeof value === 'object' && value !== null) {
    if (node.children.size > 0) visitObject(state, node, value);
  }
  // undefined, functions, symbols and bigints are not JSON: ignored, as JSON.stringify would drop them.
}

/** The event's leaves by path. A non-object event has none. */
export function flattenEvent(event: unknown, plan: FlattenPlan): Map<string, Leaf[]> {
  const state: FlattenState = { leaves: new Map(), membership: [], arrayCount: 0 };
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return state.leaves;
  visitObject(state, plan.root, event);
  return state.leaves;
}
