/**
 * Exact deduplication by a conditional claim on `source`+`dedupKey`.
 *
 * The claim is written before publication (so one request wins under any concurrency) and the
 * history item after it, so the history item doubles as the claim's completion mark: a claim whose
 * history item exists was fully accepted. That keeps the success path at two writes per event
 * (claim + history) instead of Powertools' three (in-progress, completed, plus history).
 */
export interface HistoryKey {
  readonly pk: string;
  readonly sk: string;
}

export interface Claim {
  readonly source: string;
  readonly dedupKey: string;
  /** Id of the event that holds the claim. */
  readonly id: string;
  /** Random per attempt, so only its own request releases or takes over a claim. */
  readonly token: string;
  readonly receivedAt: string;
  /** Epoch ms until which the holder may still be working; after it a retry may take over. */
  readonly leaseUntil: number;
  /** Epoch seconds: the end of the dedup window (the item's TTL). */
  readonly expiresAt: number;
  readonly historyKey: HistoryKey;
  /** Set when burst suppression swallowed the event: a retry is a duplicate, never a takeover. */
  readonly outcome?: 'suppressed';
}

export type ExistingClaimDecision =
  | { readonly kind: 'duplicate'; readonly originalId: string }
  | { readonly kind: 'takeover' }
  | { readonly kind: 'wait' };

/**
 * What a request does when its claim meets an existing one: the original finished (duplicate),
 * the original died without finishing (take over its claim), or it is still in flight (wait and
 * look again, so that a duplicate is only ever reported for an event that is really kept).
 */
export function decideOnExistingClaim(
  existing: Claim,
  historyExists: boolean,
  nowMs: number,
): ExistingClaimDecision {
  if (existing.outcome === 'suppressed' || historyExists)
    return { kind: 'duplicate', originalId: existing.id };
  if (existing.leaseUntil <= nowMs) return { kind: 'takeover' };
  return { kind: 'wait' };
}

export function claimIdentity(source: string, dedupKey: string): string {
  return `${source}\u0000${dedupKey}`;
}
