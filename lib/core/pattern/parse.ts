import { childLabel, invalid, ROOT_LABEL } from './errors.ts';
import { compileField } from './field.ts';
import { isPlainObject } from './json.ts';
import type { PatternEntry } from './types.ts';

/**
 * Pattern structure, after event-ruler `JsonRuleCompiler.parseObject` / `parseIntoOrRelationship`:
 * every key maps to an object (nested fields, AND) or to a non-empty value array (a leaf). Paths are joined
 * with "." so `{"a": {"b": [1]}}` and `{"a.b": [1]}` name the same field. `$or` takes an array of at least
 * two non-empty objects, at any level (root included) and nested; its branches add their fields at the
 * level where `$or` appears. Inside a `$or` branch, operator names cannot be field names.
 *
 * With `legacyOr`, `$or` is an ordinary field name: event-ruler's `Machine.addRule` falls back to the
 * older `RuleCompiler`, which knows no `$or`, when `JsonRuleCompiler` refuses a rule.
 */

const RESERVED_IN_OR = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  'html',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

/** Jackson's default nesting limit; deeper patterns cannot reach event-ruler at all. */
const MAX_DEPTH = 1000;

interface Context {
  readonly legacyOr: boolean;
  readonly insideOr: boolean;
  readonly depth: number;
}

function parseOr(value: unknown, path: string | undefined, label: string, context: Context): PatternEntry {
  if (!Array.isArray(value)) invalid(label, '$or must be an array of at least 2 objects');
  const branches = value.map((branch, index) => {
    const branchLabel = `${label}[${index}]`;
    if (!isPlainObject(branch)) invalid(branchLabel, 'each $or element must be a JSON object');
    return parseObject(branch, path, branchLabel, { ...context, insideOr: true, depth: context.depth + 1 });
  });
  if (branches.length < 2) invalid(label, `$or must hold at least 2 objects, found ${branches.length}`);
  return { kind: 'or', branches };
}

function parseObject(
  object: Record<string, unknown>,
  path: string | undefined,
  label: string | undefined,
  context: Context,
): PatternEntry[] {
  if (context.depth > MAX_DEPTH) invalid(label ?? ROOT_LABEL, `nesting is deeper than ${MAX_DEPTH} levels`);
  const keys = Object.keys(object);
  if (keys.length === 0) {
    invalid(label ?? ROOT_LABEL, 'empty objects are not allowed; name at least one field');
  }
  const entries: PatternEntry[] = [];
  for (const key of keys) {
    const value = object[key];
    const keyLabel = childLabel(label, key);
    if (key === '$or' && !context.legacyOr) {
      entries.push(parseOr(value, path, keyLabel, context));
      continue;
    }
    if (context.insideOr && RESERVED_IN_OR.has(key)) {
      invalid(keyLabel, `"${key}" is an operator name and cannot be used as a field name inside $or`);
    }
    const keyPath = path === undefined ? key : `${path}.${key}`;
    if (Array.isArray(value)) {
      entries.push({ kind: 'field', field: compileField(value, keyPath, keyLabel) });
    } else if (isPlainObject(value)) {
      entries.push(...parseObject(value, keyPath, keyLabel, { ...context, depth: context.depth + 1 }));
    } else {
      invalid(keyLabel, 'must be an object (nested fields) or an array of match values');
    }
  }
  return entries;
}

/** Validates the parsed JSON of a pattern and returns its entries in document order. */
export function parsePattern(pattern: unknown, legacyOr: boolean): PatternEntry[] {
  if (!isPlainObject(pattern)) invalid(ROOT_LABEL, 'must be a JSON object');
  return parseObject(pattern, undefined, undefined, { legacyOr, insideOr: false, depth: 0 });
}
