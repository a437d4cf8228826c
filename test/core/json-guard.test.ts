import { describe, expect, it } from 'vitest';
import {
  DEPTH_RULE,
  EMPTY_KEY_RULE,
  fieldOf,
  findJsonViolation,
  isStorableNumber,
  MAX_DATA_DEPTH,
  NUMBER_RULE,
  PROTO_KEY_RULE,
  TEXT_RULE,
} from '#lib/core/json-guard.ts';
import { quote, truncate } from '#lib/core/quote.ts';

function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

describe('Function: findJsonViolation', () => {
  it('accepts containers nested exactly to the limit and refuses one level more, naming the path', () => {
    // Act
    const atLimit = findJsonViolation({ data: nested(MAX_DATA_DEPTH) }, { maxDepth: MAX_DATA_DEPTH + 1 });
    const over = findJsonViolation({ data: nested(MAX_DATA_DEPTH + 1) }, { maxDepth: MAX_DATA_DEPTH + 1 });

    // Assess
    expect(atLimit).toBeUndefined();
    expect(over?.rule).toBe(DEPTH_RULE);
    expect(over?.path.slice(0, 2)).toEqual(['data', 0]);
  });

  it('walks 100,000 levels of nesting without overflowing the stack', () => {
    // Prepare
    const deep = JSON.parse(`{"data":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);

    // Act
    const violation = findJsonViolation(deep, { maxDepth: MAX_DATA_DEPTH + 1 });

    // Assess
    expect(violation?.rule).toBe(DEPTH_RULE);
    expect(fieldOf(violation as NonNullable<typeof violation>).length).toBeLessThan(130);
  });

  it.each([
    ['above 2^53 - 1', JSON.parse('10000000000000001')],
    ['1e309 (Infinity)', JSON.parse('1e309')],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['NaN', Number.NaN],
    ['a huge float', 1.5e300],
    ['below DynamoDB’s smallest magnitude', 1e-131],
  ])('refuses a number %s', (_name, n) => {
    // Act
    const violation = findJsonViolation({ data: { deep: [1, { n }] } }, { maxDepth: 10 });

    // Assess
    expect(violation).toEqual({ path: ['data', 'deep', 1, 'n'], rule: NUMBER_RULE });
  });

  it.each([0, -0, 1.5, -42, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e-130, 0.1])(
    'keeps the number %s',
    (n) => {
      expect(findJsonViolation({ n }, { maxDepth: 2 })).toBeUndefined();
      expect(isStorableNumber(n)).toBe(true);
    },
  );

  it('refuses lone surrogates in values and keys, and keeps well-formed astral text', () => {
    expect(findJsonViolation({ a: 'x\ud800y' }, { maxDepth: 2 })).toEqual({ path: ['a'], rule: TEXT_RULE });
    expect(findJsonViolation({ ['\udc00']: 1 }, { maxDepth: 2 })?.rule).toBe(`key ${TEXT_RULE}`);
    expect(findJsonViolation({ a: '🚨 \u202e bidi' }, { maxDepth: 2 })).toBeUndefined();
  });

  it('refuses a __proto__ key that JSON.parse made an own property', () => {
    // Prepare
    const parsed = JSON.parse('{"data":{"__proto__":{"polluted":true}}}');

    // Act
    const violation = findJsonViolation(parsed, { maxDepth: 5 });

    // Assess
    expect(violation).toEqual({ path: ['data', '__proto__'], rule: PROTO_KEY_RULE });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses an empty key, which DynamoDB cannot store in a map', () => {
    expect(findJsonViolation({ data: { '': null } }, { maxDepth: 3 })).toEqual({
      path: ['data', ''],
      rule: EMPTY_KEY_RULE,
    });
  });

  it('keeps constructor and prototype keys, which are ordinary own properties', () => {
    expect(
      findJsonViolation(JSON.parse('{"constructor":1,"prototype":{"a":2}}'), { maxDepth: 3 }),
    ).toBeUndefined();
  });
});

describe('Function: quote', () => {
  it('quotes at most about 100 characters of a value and says how long it was', () => {
    // Act
    const quoted = quote('X'.repeat(500_000));

    // Assess
    expect(quoted.length).toBeLessThan(130);
    expect(quoted).toContain('(500002 characters)');
  });

  it('never splits a surrogate pair when cutting', () => {
    // Act
    const cut = truncate(`${'a'.repeat(99)}😀tail`, 100);

    // Assess
    expect(cut.startsWith(`${'a'.repeat(99)}…`)).toBe(true);
    expect(cut.isWellFormed()).toBe(true);
  });

  it('describes a value it cannot serialize instead of throwing', () => {
    expect(quote(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))).toBe('a object');
  });
});
