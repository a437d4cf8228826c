import { describe, expect, it } from 'vitest';
import { type Claim, decideOnExistingClaim } from '#lib/core/ingest/dedup.ts';

const claim: Claim = {
  source: 's',
  dedupKey: 'k',
  id: 'ORIGINAL',
  token: 't',
  receivedAt: '2026-11-23T10:00:00.000Z',
  leaseUntil: 10_000,
  expiresAt: 99_999,
  historyKey: { pk: 'p', sk: 's' },
};

describe('Function: decideOnExistingClaim', () => {
  it('reports a duplicate of the original when its history item exists', () => {
    expect(decideOnExistingClaim(claim, true, 5_000)).toEqual({ kind: 'duplicate', originalId: 'ORIGINAL' });
  });

  it('reports a duplicate of a suppressed original without looking at history', () => {
    expect(decideOnExistingClaim({ ...claim, outcome: 'suppressed' }, false, 50_000)).toEqual({
      kind: 'duplicate',
      originalId: 'ORIGINAL',
    });
  });

  it('waits while the holder is still within its lease', () => {
    expect(decideOnExistingClaim(claim, false, 9_999)).toEqual({ kind: 'wait' });
  });

  it('takes over once the lease ended without a history item', () => {
    expect(decideOnExistingClaim(claim, false, 10_000)).toEqual({ kind: 'takeover' });
  });
});
