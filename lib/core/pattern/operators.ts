import { compileAnythingBut } from './anything-but.ts';
import { endsWithFolded, equalsFolded, foldText, startsWithFolded } from './case-fold.ts';
import { invalid } from './errors.ts';
import { inIpRange, parseCidr } from './ip.ts';
import { ipOf, stringOf } from './leaf.ts';
import { inRange, parseNumeric } from './numeric.ts';
import type { Leaf, Operator, OperatorFamily, ValueTest } from './types.ts';
import { matchesWildcard, parseWildcard } from './wildcard.ts';

/**
 * Match expressions (`{"<operator>": <operand>}` inside a field's value array), after event-ruler
 * `JsonRuleCompiler.processMatchExpression`. Operator names are case-sensitive. `exactly` is event-ruler's
 * explicit spelling of an exact string (undocumented by AWS, accepted by its parser).
 */

function test(
  fn: ValueTest,
  family: OperatorFamily = 'string',
  wildcards: readonly string[][] = [],
): Operator {
  return { kind: 'test', test: fn, family, wildcards };
}

function requireString(operand: unknown, label: string, what: string): string {
  if (typeof operand !== 'string') invalid(label, `${what} operand must be a string`);
  return operand;
}

/** `prefix` / `suffix`: a string, or `{"equals-ignore-case": "<string>"}` for a case-insensitive affix. */
function compileAffix(name: 'prefix' | 'suffix', operand: unknown, label: string): Operator {
  if (typeof operand === 'object' && operand !== null && !Array.isArray(operand)) {
    const keys = Object.keys(operand);
    if (keys.length !== 1 || keys[0] !== 'equals-ignore-case') {
      invalid(label, `${name} operand object must be exactly {"equals-ignore-case": "<string>"}`);
    }
    const text = requireString(
      (operand as Record<string, unknown>)['equals-ignore-case'],
      label,
      'equals-ignore-case',
    );
    const folded = foldText(text);
    const check = name === 'prefix' ? startsWithFolded : endsWithFolded;
    return test((leaf) => {
      const value = stringOf(leaf);
      return value !== undefined && check(folded, value);
    });
  }
  const text = requireString(operand, label, name);
  return name === 'prefix'
    ? test((leaf) => stringOf(leaf)?.startsWith(text) === true)
    : test((leaf) => stringOf(leaf)?.endsWith(text) === true);
}

function compileWildcard(operand: unknown, label: string): Operator {
  const text = requireString(operand, label, 'wildcard');
  const parsed = parseWildcard(text);
  if (typeof parsed === 'string') invalid(label, `wildcard ${parsed}`);
  return test(
    (leaf) => {
      const value = stringOf(leaf);
      return value !== undefined && matchesWildcard(parsed, value);
    },
    'string',
    [[text]],
  );
}

function compileCidr(operand: unknown, label: string): Operator {
  const range = parseCidr(requireString(operand, label, 'cidr'));
  if (typeof range === 'string') invalid(label, range);
  return test((leaf) => {
    const address = ipOf(leaf);
    return address !== null && inIpRange(range, address);
  }, 'ip');
}

function compileNumeric(operand: unknown, label: string): Operator {
  const range = parseNumeric(operand, label);
  return test((leaf: Leaf) => typeof leaf.value === 'number' && inRange(range, leaf.value), 'numeric');
}

/** Validates one match expression and compiles it. */
export function compileOperator(expression: Record<string, unknown>, label: string): Operator {
  const keys = Object.keys(expression);
  const name = keys[0];
  if (name === undefined) invalid(label, 'match expression must name an operator, e.g. {"prefix": "abc"}');
  if (keys.length > 1) {
    invalid(
      label,
      `match expression must hold exactly one operator, found ${keys.map((k) => `"${k}"`).join(', ')}`,
    );
  }
  const operand = expression[name];
  switch (name) {
    case 'exactly': {
      const text = requireString(operand, label, 'exactly');
      return test((leaf) => leaf.value === text);
    }
    case 'prefix':
    case 'suffix':
      return compileAffix(name, operand, label);
    case 'equals-ignore-case': {
      const folded = foldText(requireString(operand, label, 'equals-ignore-case'));
      return test((leaf) => {
        const value = stringOf(leaf);
        return value !== undefined && equalsFolded(folded, value);
      });
    }
    case 'wildcard':
      return compileWildcard(operand, label);
    case 'numeric':
      return compileNumeric(operand, label);
    case 'cidr':
      return compileCidr(operand, label);
    case 'anything-but':
      return compileAnythingBut(operand, label);
    case 'exists':
      if (typeof operand !== 'boolean') invalid(label, 'exists operand must be true or false');
      return { kind: 'exists', exists: operand };
    default:
      return invalid(label, `unknown operator "${name}" (operators are case-sensitive)`);
  }
}
