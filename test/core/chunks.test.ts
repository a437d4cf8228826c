import { describe, expect, it } from 'vitest';
import { chunksOf } from '#lib/core/chunks.ts';

describe('Function: chunksOf', () => {
  it('splits in order into groups of the size, the last one shorter', () => {
    // Act & Assess
    expect(chunksOf([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(chunksOf([1, 2, 3, 4], 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(chunksOf([], 25)).toEqual([]);
  });

  it('refuses a size that is not a positive integer', () => {
    // Act & Assess
    expect(() => chunksOf([1], 0)).toThrow(RangeError);
    expect(() => chunksOf([1], 2.5)).toThrow(/positive integer, got 2.5/);
  });
});
