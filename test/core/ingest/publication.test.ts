import { describe, expect, it } from 'vitest';
import { planPutEventsBatches, putEventsEntrySize, toBusEntry } from '#lib/core/ingest/publication.ts';

describe('Function: planPutEventsBatches', () => {
  it('cuts at 10 entries', () => {
    expect(
      planPutEventsBatches(
        Array.from({ length: 25 }, (_, i) => i),
        () => 1,
      ).map((b) => b.length),
    ).toEqual([10, 10, 5]);
  });

  it('cuts before a batch would pass the byte limit, keeping order', () => {
    // Act
    const batches = planPutEventsBatches([100, 100, 100, 50, 300], (n) => n, 250);

    // Assess
    expect(batches).toEqual([[100, 100], [100, 50], [300]]);
  });

  it('returns no batch for no items', () => {
    expect(planPutEventsBatches([], () => 1)).toEqual([]);
  });
});

describe('Function: putEventsEntrySize', () => {
  it('counts 14 bytes for Time and UTF-8 bytes of Source, DetailType and Detail', () => {
    // Prepare
    const entry = toBusEntry(
      {
        id: 'I',
        source: 's',
        type: 'tÿpe',
        severity: 'INFO',
        time: '2026-11-23T10:00:00.000Z',
        receivedAt: '2026-11-23T10:00:00.000Z',
      },
      'bus',
    );

    // Act + Assess
    expect(putEventsEntrySize(entry)).toBe(14 + 'vigil.ingest'.length + 5 + Buffer.byteLength(entry.Detail));
  });
});
