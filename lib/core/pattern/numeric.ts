import { invalid } from './errors.ts';

/**
 * `numeric` operand grammar, after event-ruler `JsonRuleCompiler.processNumericMatchExpression`:
 *   ["=", n] | ["<", n] | ["<=", n] | [">", n] | [">=", n] | [">" | ">=", low, "<" | "<=", high]
 * A range is written lower bound first; `=`, `<` and `<=` end the expression. Values are compared as
 * IEEE-754 doubles over the whole finite range (event-ruler `ComparableNumber`, since PR #188, 2024).
 */
export interface NumericRange {
  readonly lower: number;
  readonly lowerOpen: boolean;
  readonly upper: number;
  readonly upperOpen: boolean;
}

const OPERATORS = new Set(['=', '<', '<=', '>', '>=']);

function numberAt(operand: readonly unknown[], index: number, op: string, label: string): number {
  const value = operand[index];
  if (typeof value !== 'number') {
    invalid(label, `numeric value after "${op}" must be a number`);
  }
  if (!Number.isFinite(value)) {
    invalid(label, `numeric value after "${op}" cannot be compared (${String(value)})`);
  }
  return value === 0 ? 0 : value; // -0 compares as 0, as BigDecimal reads it
}

function upperBound(operand: readonly unknown[], label: string): { value: number; open: boolean } {
  const op = operand[2];
  if (op !== '<' && op !== '<=') {
    invalid(label, 'numeric range upper bound must start with "<" or "<=" (lower bound first)');
  }
  const value = numberAt(operand, 3, op, label);
  if (operand.length > 4) {
    invalid(label, 'numeric range takes at most two comparisons');
  }
  return { value, open: op === '<' };
}

/** Validates a `numeric` operand and returns the interval it denotes. */
export function parseNumeric(operand: unknown, label: string): NumericRange {
  if (!Array.isArray(operand)) {
    invalid(label, 'numeric operand must be an array such as [">", 0, "<=", 5]');
  }
  const op = operand[0];
  if (typeof op !== 'string') {
    invalid(label, 'numeric operand must start with an operator string ("=", "<", "<=", ">", ">=")');
  }
  if (!OPERATORS.has(op)) {
    invalid(label, `unknown numeric operator "${op}"`);
  }
  const value = numberAt(operand, 1, op, label);
  if (op === '=' || op === '<' || op === '<=') {
    if (operand.length > 2) {
      invalid(label, `numeric "${op}" takes exactly one value; a range starts with ">" or ">="`);
    }
    if (op === '=') return { lower: value, lowerOpen: false, upper: value, upperOpen: false };
    return { lower: Number.NEGATIVE_INFINITY, lowerOpen: true, upper: value, upperOpen: op === '<' };
  }
  if (operand.length === 2) {
    return { lower: value, lowerOpen: op === '>', upper: Number.POSITIVE_INFINITY, upperOpen: true };
  }
  const upper = upperBound(operand, label);
  if (!(value < upper.value)) {
    invalid(label, 'numeric range lower bound must be less than its upper bound');
  }
  return { lower: value, lowerOpen: op === '>', upper: upper.value, upperOpen: upper.open };
}

/** Whether a JSON number lies in the range. Non-finite numbers never compare. */
export function inRange(range: NumericRange, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const aboveLower = range.lowerOpen ? value > range.lower : value >= range.lower;
  return aboveLower && (range.upperOpen ? value < range.upper : value <= range.upper);
}
