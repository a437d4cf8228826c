import { invalid } from './errors.ts';
import { parseIp } from './ip.ts';
import { isPlainObject } from './json.ts';
import { ipOf } from './leaf.ts';
import { compileOperator } from './operators.ts';
import type { FieldPattern, Leaf, OperatorFamily, ValueTest } from './types.ts';

/**
 * One field's value array (`"state": ["a", 5, null, {"prefix": "b"}]`), after event-ruler
 * `JsonRuleCompiler.writeRules`. The field matches when any element matches (OR):
 * - a string matches an equal string; a string that is an IP literal matches the same address in any
 *   spelling (`CIDR.ipToRangeIfPossible`), e.g. `"::1"` matches `"0:0:0:0:0:0:0:1"`;
 * - a number matches an equal number, compared by value (300 = 300.0 = 3.0e2; AWS-recorded, against the
 *   docs' "string representation" remark);
 * - true, false and null match themselves only;
 * - an object is a match expression (see operators.ts).
 */

interface Accumulator {
  readonly strings: Set<string>;
  readonly ips: Set<string>;
  readonly numbers: Set<number>;
  readonly literals: Set<boolean | null>;
  readonly tests: Map<OperatorFamily, ValueTest[]>;
  readonly wildcards: (readonly string[])[];
  exists: boolean;
  absent: boolean;
}

function addValue(acc: Accumulator, value: unknown, label: string): void {
  if (typeof value === 'string') {
    const ip = parseIp(value);
    if (ip === undefined) acc.strings.add(value);
    else acc.ips.add(ip);
  } else if (typeof value === 'number') {
    acc.numbers.add(value);
  } else if (typeof value === 'boolean' || value === null) {
    acc.literals.add(value);
  } else if (isPlainObject(value)) {
    const operator = compileOperator(value, label);
    if (operator.kind === 'exists') {
      if (operator.exists) acc.exists = true;
      else acc.absent = true;
    } else {
      const list = acc.tests.get(operator.family);
      if (list) list.push(operator.test);
      else acc.tests.set(operator.family, [operator.test]);
      acc.wildcards.push(...operator.wildcards);
    }
  } else {
    invalid(
      label,
      'match values must be strings, numbers, true, false, null or match expressions, not arrays',
    );
  }
}

function anyOf(tests: readonly ValueTest[]): ValueTest | undefined {
  if (tests.length === 0) return undefined;
  return (leaf) => {
    for (const check of tests) if (check(leaf)) return true;
    return false;
  };
}

/**
 * How event-ruler's byte machine reads the field (`ByteMachine.transitionOn`): with a numeric matcher
 * (a finite exact number, `numeric`, a number `anything-but`) numbers compare numerically and IP matchers
 * never match; otherwise, with an IP matcher (an IP-literal string, `cidr`), a string holding an IP
 * address is read as that address only, so string matchers cannot see it and negations pass it.
 */
function buildTest(acc: Accumulator): ValueTest | undefined {
  if (acc.exists) return () => true;
  const { strings, numbers, literals, tests } = acc;
  const numeric =
    [...numbers].some((n) => Number.isFinite(n)) || tests.has('numeric') || tests.has('not-number');
  const ips = numeric ? new Set<string>() : acc.ips;
  const ipTest = numeric ? undefined : anyOf(tests.get('ip') ?? []);
  const addressMode = ips.size > 0 || ipTest !== undefined;
  const negations = [...(tests.get('not-string') ?? []), ...(tests.get('not-number') ?? [])];
  const others = anyOf([...(tests.get('string') ?? []), ...(tests.get('numeric') ?? []), ...negations]);
  if (strings.size + ips.size + numbers.size + literals.size === 0 && !ipTest && !others) return undefined;
  return (leaf: Leaf) => {
    const value = leaf.value;
    if (typeof value === 'string') {
      if (addressMode) {
        const address = ipOf(leaf);
        if (address !== null) return ips.has(address) || ipTest?.(leaf) === true || negations.length > 0;
      }
      if (strings.has(value)) return true;
    } else if (typeof value === 'number') {
      if (numbers.has(value)) return true;
    } else if (literals.has(value)) {
      return true;
    }
    return others?.(leaf) === true;
  };
}

/** Validates and compiles the value array of the field at `path` (labelled `label` in messages). */
export function compileField(values: unknown[], path: string, label: string): FieldPattern {
  if (values.length === 0) invalid(label, 'empty arrays are not allowed; list at least one value');
  const acc: Accumulator = {
    strings: new Set(),
    ips: new Set(),
    numbers: new Set(),
    literals: new Set(),
    tests: new Map(),
    wildcards: [],
    exists: false,
    absent: false,
  };
  for (const value of values) addValue(acc, value, label);
  return {
    path,
    label,
    test: buildTest(acc),
    absent: acc.absent,
    wildcards: acc.wildcards,
    identity: JSON.stringify(values),
    values,
  };
}
