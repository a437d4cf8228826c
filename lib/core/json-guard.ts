import { MAX_QUOTED_CHARS, truncate } from './quote.ts';
import { formatPath } from './validation.ts';

/**
 * How deep `data` may nest objects and arrays, the `data` object itself being level 1. DynamoDB
 * refuses items nested deeper than 32 levels counting the item, so 31 is what a consumer that keeps
 * `data` as an attribute (the module inbox does) can store; measured against DynamoDB Local.
 */
export const MAX_DATA_DEPTH = 31;
/** The largest magnitude a number may have and still survive JSON, JavaScript and DynamoDB exactly. */
export const MAX_EXACT_NUMBER = Number.MAX_SAFE_INTEGER;
/** DynamoDB refuses non-zero numbers smaller in magnitude than this ("Number underflow"). */
export const MIN_DYNAMODB_MAGNITUDE = 1e-130;

export const NUMBER_RULE = `must be a finite number within ±${MAX_EXACT_NUMBER} and, unless 0, at least ${MIN_DYNAMODB_MAGNITUDE} in magnitude (send larger or more precise numbers as strings)`;
export const TEXT_RULE = 'must be well-formed Unicode text (no lone surrogate code units)';
export const PROTO_KEY_RULE = 'is not allowed as a key (__proto__ does not survive JavaScript objects)';
export const EMPTY_KEY_RULE = 'must not be an empty key (DynamoDB cannot store one)';
export const DEPTH_RULE = `must not nest objects and arrays deeper than ${MAX_DATA_DEPTH} levels`;

/** Whether a number is kept exactly by JSON, JavaScript and DynamoDB (which every consumer uses). */
export function isStorableNumber(n: number): boolean {
  if (!Number.isFinite(n)) return false;
  const magnitude = Math.abs(n);
  return magnitude <= MAX_EXACT_NUMBER && (magnitude === 0 || magnitude >= MIN_DYNAMODB_MAGNITUDE);
}

export interface JsonViolation {
  readonly path: ReadonlyArray<string | number>;
  readonly rule: string;
}

interface Frame {
  readonly value: unknown;
  readonly path: ReadonlyArray<string | number>;
  readonly depth: number;
}

function violationOfLeaf(value: unknown): string | undefined {
  if (typeof value === 'number') return isStorableNumber(value) ? undefined : NUMBER_RULE;
  if (typeof value === 'string') return value.isWellFormed() ? undefined : TEXT_RULE;
  return undefined;
}

function childrenOf(frame: Frame): Frame[] | JsonViolation {
  const { value, path, depth } = frame;
  if (Array.isArray(value))
    return value.map((item, i) => ({ value: item, path: [...path, i], depth: depth + 1 }));
  const children: Frame[] = [];
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (key === '__proto__') return { path: [...path, key], rule: PROTO_KEY_RULE };
    if (key === '') return { path: [...path, key], rule: EMPTY_KEY_RULE };
    if (!key.isWellFormed()) return { path: [...path, key], rule: `key ${TEXT_RULE}` };
    children.push({ value: item, path: [...path, key], depth: depth + 1 });
  }
  return children;
}

/**
 * The first part of a parsed JSON value that a consumer could not keep exactly: containers nested
 * deeper than `maxDepth`, numbers outside the exact range, text with lone surrogates, `__proto__`
 * and empty keys. Walks with an explicit stack, so no input depth can overflow the call stack.
 */
export function findJsonViolation(
  value: unknown,
  options: { readonly maxDepth: number; readonly path?: ReadonlyArray<string | number> },
): JsonViolation | undefined {
  const stack: Frame[] = [{ value, path: options.path ?? [], depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (typeof frame.value !== 'object' || frame.value === null) {
      const rule = violationOfLeaf(frame.value);
      if (rule) return { path: frame.path, rule };
      continue;
    }
    if (frame.depth + 1 > options.maxDepth) return { path: frame.path, rule: DEPTH_RULE };
    const children = childrenOf(frame);
    if (!Array.isArray(children)) return children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Frame);
  }
  return undefined;
}

/** A violation's path as a field name (`data.a[0]`), cut to a readable length. */
export function fieldOf(violation: JsonViolation): string {
  return truncate(formatPath(violation.path), MAX_QUOTED_CHARS);
}
