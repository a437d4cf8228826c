import { equalsFolded, foldText } from './case-fold.ts';
import { invalid } from './errors.ts';
import { stringOf } from './leaf.ts';
import type { Leaf, Operator } from './types.ts';
import { matchesWildcard, parseWildcard, type Wildcard } from './wildcard.ts';

/**
 * `anything-but`, after event-ruler `JsonRuleCompiler` (operand grammar) and `ByteMachine` (semantics).
 * It matches a present leaf that is not excluded; a missing field, an empty array or an object never
 * matches. Exclusions are typed: a string list excludes only equal strings, a number list only equal
 * numbers, and the nested forms (prefix, suffix, equals-ignore-case, wildcard) only strings — so numbers,
 * booleans and null always pass a string exclusion (AWS-recorded: `{"anything-but": "x"}` matches null).
 */

const NESTED = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'] as const;
type Nested = (typeof NESTED)[number];

function isNested(name: string): name is Nested {
  return (NESTED as readonly string[]).includes(name);
}

function nestedCandidates(name: Nested, operand: unknown, label: string): string[] {
  const candidates = Array.isArray(operand) ? (operand as unknown[]) : [operand];
  if (Array.isArray(operand) && operand.length === 0) {
    invalid(label, `anything-but ${name} list must not be empty`);
  }
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') {
      invalid(label, `anything-but ${name} operand must be a string or a list of strings`);
    }
    if ((name === 'prefix' || name === 'suffix') && candidate === '') {
      invalid(label, `anything-but ${name} must not be an empty string`);
    }
  }
  return candidates as string[];
}

function excludedBy(name: Nested, candidates: string[], label: string): (value: string) => boolean {
  switch (name) {
    case 'prefix':
      return (value) => candidates.some((prefix) => value.startsWith(prefix));
    case 'suffix':
      return (value) => candidates.some((suffix) => value.endsWith(suffix));
    case 'equals-ignore-case': {
      const folded = candidates.map(foldText);
      return (value) => folded.some((text) => equalsFolded(text, value));
    }
    case 'wildcard': {
      const parsed = candidates.map((text): Wildcard => {
        const result = parseWildcard(text);
        return typeof result === 'string' ? invalid(label, `anything-but wildcard ${result}`) : result;
      });
      return (value) => parsed.some((wildcard) => matchesWildcard(wildcard, value));
    }
  }
}

function compileNested(operand: object, label: string): Operator {
  const keys = Object.keys(operand);
  const name = keys[0];
  if (name === undefined || keys.length > 1) {
    invalid(
      label,
      'anything-but object must hold exactly one of "prefix", "suffix", "equals-ignore-case", "wildcard"',
    );
  }
  if (!isNested(name)) {
    invalid(
      label,
      `anything-but does not support "${name}"; use "prefix", "suffix", "equals-ignore-case" or "wildcard"`,
    );
  }
  const candidates = nestedCandidates(name, (operand as Record<string, unknown>)[name], label);
  const excluded = excludedBy(name, candidates, label);
  return {
    kind: 'test',
    test: (leaf: Leaf) => {
      const value = stringOf(leaf);
      return value === undefined || !excluded(value);
    },
    family: 'not-string',
    wildcards: name === 'wildcard' ? [candidates] : [],
  };
}

function compileValues(values: readonly unknown[], label: string): Operator {
  if (values.length === 0) invalid(label, 'anything-but list must not be empty');
  for (const value of values) {
    if (typeof value !== 'string' && typeof value !== 'number') {
      invalid(
        label,
        'anything-but list must contain only strings or only numbers (no null, booleans or objects)',
      );
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      invalid(label, `anything-but number cannot be compared (${String(value)})`);
    }
  }
  const kinds = new Set(values.map((value) => typeof value));
  if (kinds.size > 1) invalid(label, 'anything-but list must contain only strings or only numbers');
  const excluded = new Set(values);
  const kind = kinds.has('number') ? 'number' : 'string';
  return {
    kind: 'test',
    test: (leaf: Leaf) => typeof leaf.value !== kind || !excluded.has(leaf.value),
    family: kind === 'number' ? 'not-number' : 'not-string',
    wildcards: [],
  };
}

/** Validates an `anything-but` operand and compiles it. */
export function compileAnythingBut(operand: unknown, label: string): Operator {
  if (Array.isArray(operand)) return compileValues(operand, label);
  if (typeof operand === 'string' || typeof operand === 'number') return compileValues([operand], label);
  if (typeof operand === 'object' && operand !== null) return compileNested(operand, label);
  invalid(
    label,
    'anything-but operand must be a string, a number, a list of either, or an object such as {"prefix": "x"}',
  );
}
