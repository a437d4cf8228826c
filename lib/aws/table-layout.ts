/**
 * What the stores and the infra that creates their tables must agree on: index names and how long
 * items live. This module imports no AWS SDK, so infra/ imports it without pulling in the adapters.
 * Index names the domain plans with live in lib/core (BY_ID_INDEX, ALERT_INDEXES).
 */

/** The module-name index of the State table (keys only: only a new module writes to it). */
export const MODULE_LIST_INDEX = 'byName';

/** The indexes of delivery records: a subscription's deliveries newest first, and its dead letters. */
export const DELIVERY_INDEXES = { bySubscription: 'bySubscription', deadLetters: 'deadLetters' } as const;

/** How long an applied event's marker is kept (alerts, modules): redelivery and replay within it count once. */
export const MARKER_DAYS = 30;

/** A TTL attribute value (epoch seconds) `days` after `nowMs`. */
export function ttlAfterDays(nowMs: number, days: number): number {
  return Math.floor(nowMs / 1000) + days * 86_400;
}

/** The TTL of an event marker written at `nowMs`. */
export function markerExpiry(nowMs: number): number {
  return ttlAfterDays(nowMs, MARKER_DAYS);
}
