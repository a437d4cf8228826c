import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { impliedHistoryKey, needsIdLookup } from '#lib/core/history/lookup.ts';
import { historyKeyOf } from '#lib/core/ingest/history-keys.ts';

const RECEIVED_MS = Date.parse('2026-11-23T10:04:15.123Z');

describe('Function: impliedHistoryKey', () => {
  it('finds the key of an id Vigil minted from the id alone', () => {
    // Prepare: ingest mints the id and receivedAt from one clock reading
    const id = ulid(RECEIVED_MS);
    const receivedAt = new Date(RECEIVED_MS).toISOString();

    // Act & Assess
    expect(impliedHistoryKey(id, 16)).toEqual(historyKeyOf({ id, receivedAt }, 16));
  });

  it('implies nothing for an id that is not a ULID', () => {
    expect(impliedHistoryKey('not-a-ulid', 16)).toBeUndefined();
  });
});

describe('Function: needsIdLookup', () => {
  it('is false for a minted id: its key is implied, so no index entry is written', () => {
    expect(needsIdLookup({ id: ulid(RECEIVED_MS), receivedAt: new Date(RECEIVED_MS).toISOString() })).toBe(
      false,
    );
  });

  it("is true for a producer's id made at another time, even a millisecond off", () => {
    const receivedAt = new Date(RECEIVED_MS).toISOString();
    expect(needsIdLookup({ id: ulid(RECEIVED_MS - 1), receivedAt })).toBe(true);
    expect(needsIdLookup({ id: ulid(0), receivedAt })).toBe(true);
  });
});
