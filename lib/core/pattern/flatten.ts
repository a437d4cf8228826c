import type { Leaf, Membership, Scalar } from './types.ts';

/**
 * Event flattening, after event-ruler `Event.java`: every leaf (string, number, boolean, null) is listed
 * under its dot-joined path; arrays are "crushed", each element offered under the array's own path. An
 * element that is an object or an array records `[arrayId, index]` in the membership of the leaves below
 * it (a scalar element does not). Objects, empty arrays and empty objects yield no leaf, so they are
 * absent for `exists`. Only paths the pattern can use are visited.
 */

const NO_MEMBERSHIP: Membership = [];

/** The paths a compiled pattern reads, and every dot-boundary prefix of them (for pruning). */
export class FlattenPlan {
  readonly #fields: ReadonlySet<string>;
  readonly #prefixes: ReadonlySet<string>;

  constructor(paths: Iterable<string>) {
    const fields = new Set<string>();
    const prefixes = new Set<string>();
    for (const path of paths) {
      fields.add(path);
      for (let index = path.indexOf('.'); index >= 0; index = path.indexOf('.', index + 1)) {
        prefixes.add(path.slice(0, index));
      }
    }
    this.#fields = fields;
    this.#prefixes = prefixes;
  }

  isField(path: string): boolean {
    return this.#fields.has(path);
  }

  isPrefix(path: string): boolean {
    return this.#prefixes.has(path);
  }
}

function isScalar(value: unknown): value is Scalar {
  return (
    value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
  );
}

/** The event's leaves by path. A non-object event has none. */
export function flattenEvent(event: unknown, plan: FlattenPlan): Map<string, Leaf[]> {
  const leaves = new Map<string, Leaf[]>();
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return leaves;
  const membership: number[] = [];
  let arrayCount = 0;

  const addLeaf = (path: string, value: Scalar): void => {
    const leaf: Leaf = { value, membership: membership.length === 0 ? NO_MEMBERSHIP : membership.slice() };
    const list = leaves.get(path);
    if (list) list.push(leaf);
    else leaves.set(path, [leaf]);
  };

  const visitObject = (prefix: string | undefined, object: object): void => {
    for (const [key, value] of Object.entries(object)) {
      const path = prefix === undefined ? key : `${prefix}.${key}`;
      if (plan.isField(path) || plan.isPrefix(path)) visitValue(path, value);
    }
  };

  const visitArray = (path: string, array: readonly unknown[]): void => {
    const id = arrayCount++;
    array.forEach((element, index) => {
      if (typeof element === 'object' && element !== null) {
        membership.push(id, index);
        if (Array.isArray(element)) visitArray(path, element);
        else if (plan.isPrefix(path)) visitObject(path, element);
        membership.length -= 2;
      } else {
        visitValue(path, element);
      }
    });
  };

  const visitValue = (path: string, value: unknown): void => {
    if (isScalar(value)) {
      if (plan.isField(path)) addLeaf(path, value);
    } else if (Array.isArray(value)) {
      visitArray(path, value);
    } else if (typeof value === 'object' && value !== null) {
      if (plan.isPrefix(path)) visitObject(path, value);
    }
    // undefined, functions, symbols and bigints are not JSON: ignored, as JSON.stringify would drop them.
  };

  visitObject(undefined, event);
  return leaves;
}
