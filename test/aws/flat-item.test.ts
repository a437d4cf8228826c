import { describe, expect, it } from 'vitest';
import { flatAttributes } from '#lib/aws/flat-item.ts';

describe('Function: flatAttributes', () => {
  it('writes strings as S and numbers as N, and leaves undefined out', () => {
    // Act
    const attributes = flatAttributes({
      pk: 'C#a#b',
      leaseUntil: 1_700_000_000_123,
      ratio: 0.5,
      outcome: undefined,
    });

    // Assess
    expect(attributes).toEqual({
      pk: { S: 'C#a#b' },
      leaseUntil: { N: '1700000000123' },
      ratio: { N: '0.5' },
    });
  });

  it('refuses a number DynamoDB cannot store, naming the attribute', () => {
    // Act & Assess
    expect(() => flatAttributes({ expiresAt: Number.NaN })).toThrow(/attribute expiresAt: NaN/);
    expect(() => flatAttributes({ expiresAt: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});
