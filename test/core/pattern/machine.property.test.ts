import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, matchesPattern, PatternMachine } from '#lib/core/pattern.ts';

/**
 * The machine must answer exactly what the one-by-one engine answers. Values come from small
 * vocabularies so that generated events often match, half-match, or match only through one operator.
 */

const STRINGS = ['x', 'xy', 'xyz', 'y', 'Xy', '', '10.0.0.1', '10.0.0.01', '::1', '0:0:0:0:0:0:0:1'];
const NUMBERS = [0, 1, 5, 5.5, 300, -2];
const KEYS = ['a', 'b', 'c'];

const text = fc.constantFrom(...STRINGS);
const nonEmptyText = fc.constantFrom(...STRINGS.filter((value) => value !== ''));
const num = fc.constantFrom(...NUMBERS);
const scalar = fc.oneof(text, num, fc.constantFrom(true, false, null));

const numericRange = fc.oneof(
  fc.tuple(fc.constantFrom('=', '<', '<=', '>', '>='), num).map(([op, n]) => [op, n]),
  fc
    .tuple(fc.constantFrom('>', '>='), fc.constantFrom('<', '<='), num, num)
    .filter(([, , low, high]) => low < high)
    .map(([lowOp, highOp, low, high]) => [lowOp, low, highOp, high]),
);

const anythingBut = fc.oneof(
  text,
  num,
  fc.uniqueArray(text, { minLength: 1, maxLength: 3 }),
  fc.uniqueArray(num, { minLength: 1, maxLength: 3 }),
  nonEmptyText.map((prefix) => ({ prefix })),
  nonEmptyText.map((suffix) => ({ suffix })),
  text.map((value) => ({ 'equals-ignore-case': value })),
  fc.constantFrom('x*', '*y', '*').map((wildcard) => ({ wildcard })),
);

const expression = fc.oneof(
  text.map((prefix) => ({ prefix })),
  text.map((value) => ({ prefix: { 'equals-ignore-case': value } })),
  text.map((suffix) => ({ suffix })),
  text.map((value) => ({ 'equals-ignore-case': value })),
  text.map((exactly) => ({ exactly })),
  fc.constantFrom('x*', '*y', 'x*z', '*').map((wildcard) => ({ wildcard })),
  numericRange.map((numeric) => ({ numeric })),
  fc.boolean().map((exists) => ({ exists })),
  fc.constantFrom('10.0.0.0/24', '10.0.0.1/32', '::1/128').map((cidr) => ({ cidr })),
  anythingBut.map((operand) => ({ 'anything-but': operand })),
);

const valueArray = fc.array(
  fc.oneof({ weight: 3, arbitrary: scalar }, { weight: 2, arbitrary: expression }),
  {
    minLength: 1,
    maxLength: 3,
  },
);

const fields = fc.dictionary(fc.constantFrom(...KEYS), valueArray, { minKeys: 1, maxKeys: 2 });

const pattern = fc
  .record(
    {
      top: fields,
      detail: fields,
      or: fc.array(fields, { minLength: 2, maxLength: 3 }),
      nestedOr: fc.array(fc.record({ c: valueArray }), { minLength: 2, maxLength: 2 }),
    },
    { requiredKeys: [] },
  )
  .map(({ top, detail, or, nestedOr }) => {
    const result: Record<string, unknown> = { ...(top ?? {}) };
    if (detail) result.detail = nestedOr ? { ...detail, $or: nestedOr } : detail;
    if (or) result.$or = or;
    return Object.keys(result).length === 0 ? { a: ['x'] } : result;
  });

const leafValue = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
const leafObject = fc.dictionary(fc.constantFrom(...KEYS), leafValue, { maxKeys: 3 });
const eventFields = fc.dictionary(
  fc.constantFrom(...KEYS),
  fc.oneof(
    { weight: 4, arbitrary: leafValue },
    { weight: 1, arbitrary: fc.array(leafObject, { maxLength: 3 }) },
  ),
  { maxKeys: 3 },
);
const event = fc
  .record({ top: eventFields, detail: fc.oneof(eventFields, fc.array(leafObject, { maxLength: 2 })) })
  .map(({ top, detail }) => ({ ...top, detail }));

function isValid(candidate: Record<string, unknown>): boolean {
  try {
    compilePattern(candidate);
    return true;
  } catch {
    return false;
  }
}

const validPatterns = fc.array(pattern.filter(isValid), { minLength: 1, maxLength: 12 });

function oneByOne(
  patterns: readonly Record<string, unknown>[],
  names: readonly string[],
  evt: object,
): string[] {
  return names.filter((_, index) => matchesPattern(patterns[index], evt as Record<string, unknown>)).sort();
}

/** Flat events and single-level patterns: no array of objects, so answers come from the index alone. */
const flatPattern = fc
  .record(
    {
      top: fc.dictionary(fc.constantFrom(...KEYS), fc.array(expression, { minLength: 1, maxLength: 2 }), {
        minKeys: 1,
        maxKeys: 2,
      }),
      detail: fc.dictionary(fc.constantFrom(...KEYS), valueArray, { minKeys: 1, maxKeys: 2 }),
    },
    { requiredKeys: ['top'] },
  )
  .map(({ top, detail }) => (detail ? { ...top, detail } : top));
const flatEvent = fc
  .record({
    top: fc.dictionary(fc.constantFrom(...KEYS), leafValue, { maxKeys: 3 }),
    detail: fc.dictionary(fc.constantFrom(...KEYS), leafValue, { maxKeys: 3 }),
  })
  .map(({ top, detail }) => ({ ...top, detail }));

describe('Class: PatternMachine (property)', () => {
  it('agrees on flat events, where indexed patterns are answered without the one-by-one check', () => {
    fc.assert(
      fc.property(
        fc.array(flatPattern.filter(isValid), { minLength: 1, maxLength: 12 }),
        fc.array(flatEvent, { minLength: 1, maxLength: 8 }),
        (patterns, events) => {
          const machine = new PatternMachine();
          const names = patterns.map((_, index) => `p${index}`);
          for (const [index, candidate] of patterns.entries()) machine.add(`p${index}`, candidate);

          for (const evt of events) expect(machine.matches(evt)).toEqual(oneByOne(patterns, names, evt));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('returns exactly the names the one-by-one matcher accepts', () => {
    fc.assert(
      fc.property(validPatterns, fc.array(event, { minLength: 1, maxLength: 8 }), (patterns, events) => {
        // Prepare
        const machine = new PatternMachine();
        const names = patterns.map((_, index) => `p${index}`);
        for (const [index, candidate] of patterns.entries()) machine.add(`p${index}`, candidate);

        // Act + Assess
        for (const evt of events) expect(machine.matches(evt)).toEqual(oneByOne(patterns, names, evt));
      }),
      { numRuns: 400 },
    );
  });

  it('still agrees after some patterns are removed and others replaced', () => {
    fc.assert(
      fc.property(
        validPatterns,
        fc.array(fc.nat(11), { maxLength: 6 }),
        pattern.filter(isValid),
        fc.array(event, { minLength: 1, maxLength: 5 }),
        (patterns, removed, replacement, events) => {
          // Prepare
          const machine = new PatternMachine();
          const current = new Map<string, Record<string, unknown>>();
          patterns.forEach((candidate, index) => {
            machine.add(`p${index}`, candidate);
            current.set(`p${index}`, candidate);
          });
          for (const index of removed) {
            expect(machine.remove(`p${index}`)).toBe(current.delete(`p${index}`));
          }
          machine.add('p0', replacement);
          current.set('p0', replacement);

          // Act + Assess
          const names = [...current.keys()];
          const values = [...current.values()];
          for (const evt of events) expect(machine.matches(evt)).toEqual(oneByOne(values, names, evt));
        },
      ),
      { numRuns: 200 },
    );
  });
});
