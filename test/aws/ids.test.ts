import { decodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import { pooledRandom, ulidIdSource } from '#lib/aws/ids.ts';

describe('Function: pooledRandom', () => {
  it('gives values in [0, 1) in steps of 1/256, past the end of its pool', () => {
    // Act
    const random = pooledRandom();
    const values = Array.from({ length: 10_000 }, () => random());

    // Assess: 10,000 draws span two refills of the 4,096-byte pool, and use every byte value
    expect(values.every((v) => v >= 0 && v < 1 && Number.isInteger(v * 256))).toBe(true);
    expect(new Set(values).size).toBe(256);
  });
});

describe('Function: ulidIdSource', () => {
  it('makes ULIDs of the given time that sort in the order they were made, within one millisecond too', () => {
    // Prepare
    const ids = ulidIdSource();
    const now = Date.UTC(2026, 10, 28, 1, 30);

    // Act
    const made = Array.from({ length: 1_000 }, (_, i) => ids.eventId(now + Math.floor(i / 100)));

    // Assess
    expect(made.every((id) => /^[0-9A-HJKMNP-TV-Z]{26}$/.test(id))).toBe(true);
    expect(decodeTime(made[0] as string)).toBe(now);
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });
});
