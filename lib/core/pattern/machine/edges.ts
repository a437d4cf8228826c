import { parseIp } from '../ip.ts';
import { isPlainObject } from '../json.ts';
import { compileOperator } from '../operators.ts';
import type { FieldPattern, Scalar, ValueTest } from '../types.ts';

/**
 * Which of a field's values `PatternMachine` can index, and how. An edge is a necessary condition: a leaf
 * that satisfies the field's exact test always satisfies one of its edges (false positives are allowed,
 * the machine checks every candidate with the one-by-one matcher; false negatives are not).
 * - a plain string, number, true, false or null → an exact edge (a hash lookup on the leaf's value);
 * - `{"exactly": s}` → an exact edge; `{"prefix": s}` → a prefix edge (a lookup per prefix length);
 * - `{"numeric": [...]}` → a test edge (the compiled range); `{"exists": true}` → a test edge that is
 *   always true.
 * Any other value (anything-but, suffix, wildcard, equals-ignore-case, cidr, case-insensitive prefix,
 * `exists: false`) makes the whole field unindexable, and so does an IP-literal string: such a field reads
 * IP strings as addresses (`"::1"` = `"0:0:0:0:0:0:0:1"`), which a hash on the text cannot follow.
 */
export type Edge =
  | { readonly kind: 'exact'; readonly value: Scalar }
  | { readonly kind: 'prefix'; readonly text: string }
  | { readonly kind: 'test'; readonly identity: string; readonly test: ValueTest };

/** A field's path and the edges its values index to. `rank` orders fields: exact, then prefix, then tests. */
export interface IndexedField {
  readonly path: string;
  readonly edges: readonly Edge[];
  readonly rank: number;
}

const RANK = { exact: 0, prefix: 1, test: 2 } as const;
const ALWAYS: ValueTest = () => true;

function operatorEdge(expression: Record<string, unknown>, label: string): Edge | undefined {
  const keys = Object.keys(expression);
  const operand = expression[keys[0] ?? ''];
  switch (keys[0]) {
    case 'exactly':
      return typeof operand === 'string' ? { kind: 'exact', value: operand } : undefined;
    case 'prefix':
      return typeof operand === 'string' ? { kind: 'prefix', text: operand } : undefined;
    case 'numeric': {
      const operator = compileOperator(expression, label);
      if (operator.kind !== 'test') return undefined;
      return { kind: 'test', identity: JSON.stringify(expression), test: operator.test };
    }
    case 'exists':
      return operand === true ? { kind: 'test', identity: 'exists', test: ALWAYS } : undefined;
    default:
      return undefined;
  }
}

function valueEdge(value: unknown, label: string): Edge | undefined {
  if (typeof value === 'string') return parseIp(value) === undefined ? { kind: 'exact', value } : undefined;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return { kind: 'exact', value };
  }
  return isPlainObject(value) ? operatorEdge(value, label) : undefined;
}

/** The field's edges, or undefined when the machine cannot index it (it is then checked per candidate). */
export function indexField(field: FieldPattern): IndexedField | undefined {
  if (field.absent || field.test === undefined) return undefined;
  const edges: Edge[] = [];
  let rank = 0;
  for (const value of field.values) {
    const edge = valueEdge(value, field.label);
    if (edge === undefined) return undefined;
    edges.push(edge);
    rank = Math.max(rank, RANK[edge.kind]);
  }
  return { path: field.path, edges, rank };
}
