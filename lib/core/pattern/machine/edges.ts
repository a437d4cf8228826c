import { parseIp } from '../ip.ts';
import { isPlainObject } from '../json.ts';
import { type NumericRange, parseNumeric } from '../numeric.ts';
import type { FieldPattern, Scalar } from '../types.ts';
import { parseWildcard } from '../wildcard.ts';

/**
 * Which of a field's values `PatternMachine` can index, and how. An edge is a necessary condition: a leaf
 * that satisfies the field's test always satisfies one of its edges. `exact` edges are also sufficient
 * (the edge and the engine accept the same leaves); an inexact one only narrows the candidates, which
 * the one-by-one engine then checks.
 * - a plain string, number, true, false or null, and `{"exactly": s}` → a value edge (a hash lookup);
 * - `{"prefix": s}` / `{"suffix": s}` → an affix edge (a hash lookup per distinct affix length);
 * - `{"numeric": [...]}` → a range edge (a segment tree over the ranges' endpoints);
 * - `{"exists": true}` → an edge every leaf takes;
 * - `{"wildcard": w}` → inexact: the literal text before its first `*` as a prefix edge, else the text
 *   after its last `*` as a suffix edge (exact when w has no `*` at all: a value edge).
 * Any other value (anything-but, equals-ignore-case, cidr, case-insensitive affixes, `exists: false`,
 * a wildcard that starts and ends with `*`) leaves the whole field unindexed, and so does an IP-literal
 * string: such a field reads IP strings as addresses (`"::1"` = `"0:0:0:0:0:0:0:1"`).
 */
export type Edge = (
  | { readonly kind: 'value'; readonly value: Scalar }
  | { readonly kind: 'prefix' | 'suffix'; readonly text: string }
  | { readonly kind: 'range'; readonly range: NumericRange }
  | { readonly kind: 'any' }
) & { readonly exact: boolean };

/** A field's path and the edges its values index to. `rank` orders fields: values, affixes, ranges. */
export interface IndexedField {
  readonly path: string;
  readonly edges: readonly Edge[];
  readonly rank: number;
}

const RANK: Readonly<Record<Edge['kind'], number>> = { value: 0, prefix: 1, suffix: 1, range: 2, any: 3 };

function wildcardEdge(operand: unknown): Edge | undefined {
  if (typeof operand !== 'string') return undefined;
  const parsed = parseWildcard(operand);
  if (typeof parsed === 'string') return undefined;
  const { segments } = parsed;
  const first = segments[0] ?? '';
  const last = segments[segments.length - 1] ?? '';
  if (segments.length === 1) return { kind: 'value', value: first, exact: true };
  if (first !== '') return { kind: 'prefix', text: first, exact: false };
  if (last !== '') return { kind: 'suffix', text: last, exact: false };
  return undefined;
}

function operatorEdge(expression: Record<string, unknown>, label: string): Edge | undefined {
  const [name] = Object.keys(expression);
  const operand = expression[name ?? ''];
  switch (name) {
    case 'exactly':
      return typeof operand === 'string' ? { kind: 'value', value: operand, exact: true } : undefined;
    case 'prefix':
    case 'suffix':
      return typeof operand === 'string' ? { kind: name, text: operand, exact: true } : undefined;
    case 'numeric':
      return { kind: 'range', range: parseNumeric(operand, label), exact: true };
    case 'exists':
      return operand === true ? { kind: 'any', exact: true } : undefined;
    case 'wildcard':
      return wildcardEdge(operand);
    default:
      return undefined;
  }
}

function valueEdge(value: unknown, label: string): Edge | undefined {
  if (typeof value === 'string') {
    return parseIp(value) === undefined ? { kind: 'value', value, exact: true } : undefined;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return { kind: 'value', value, exact: true };
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
