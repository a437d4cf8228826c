import type { PRIORITIES } from '../envelope.ts';
import type { StateEvent, StateEventName } from './events.ts';

export type EventPriority = (typeof PRIORITIES)[number];

/** Safety commands: high whatever the producer declared, so they cannot be queued behind anything. */
export const HIGH_PRIORITY_EVENTS: ReadonlySet<StateEventName> = new Set([
  'EMERGENCY_STOP',
  'FAULT',
  'INTERRUPT',
]);

/**
 * High for the safety commands; otherwise low when the producer marks it so (status updates), else
 * normal. A declared `high` does not promote an ordinary event: a producer cannot jump the queue.
 */
export function priorityOf(type: StateEvent['type'], declared?: EventPriority): EventPriority {
  if (HIGH_PRIORITY_EVENTS.has(type as StateEventName)) return 'high';
  return declared === 'low' ? 'low' : 'normal';
}

export interface QueuedStateEvent {
  readonly id: string;
  /** The producer's time, normalized by ingest to `toISOString()`, so string order is time order. */
  readonly time: string;
  /** The effective priority, from priorityOf. */
  readonly priority: EventPriority;
}

const RANK: Readonly<Record<EventPriority, number>> = { high: 0, normal: 1, low: 2 };

/** For `queue.sort(compareQueued)`: high first, then the producer's time, then the id (a total order). */
export function compareQueued(a: QueuedStateEvent, b: QueuedStateEvent): number {
  return RANK[a.priority] - RANK[b.priority] || compare(a.time, b.time) || compare(a.id, b.id);
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
