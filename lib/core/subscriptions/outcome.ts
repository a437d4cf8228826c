export type DeliveryStatus = 'pending' | 'delivered' | 'retrying' | 'dead-lettered';

/** The overall outcome of one event across the subscriptions it matched (`GET /events/{id}/deliveries`). */
export type EventDeliveryOutcome =
  | 'none-matched'
  | 'pending'
  | 'all-delivered'
  | 'some-failed'
  | 'all-failed';

/** Dead-lettered counts as failed; anything still pending or retrying keeps the event pending. */
export function eventOutcome(statuses: readonly DeliveryStatus[]): EventDeliveryOutcome {
  if (statuses.length === 0) return 'none-matched';
  if (statuses.some((s) => s === 'pending' || s === 'retrying')) return 'pending';
  const failed = statuses.filter((s) => s === 'dead-lettered').length;
  if (failed === 0) return 'all-delivered';
  return failed === statuses.length ? 'all-failed' : 'some-failed';
}
