import { PRIORITIES } from '../envelope.ts';
import type { InboxItem } from './ports.ts';
import { compareQueued } from './priority.ts';

export type InboxStep =
  | { readonly kind: 'empty' }
  | { readonly kind: 'apply'; readonly item: InboxItem }
  | { readonly kind: 'wait'; readonly ms: number; readonly item: InboxItem };

/**
 * What the drainer does next with a module's inbox. The head (high priority first, then producer
 * time, then id) is applied once it is due: a high-priority event at once, any other after it has
 * waited `reorderWindowMs` since it arrived, so that an event the producer sent earlier but which
 * arrives up to the window later still goes first. Waiting on the head, never skipping it, is what
 * keeps producer order.
 */
export function nextInboxStep(
  inbox: readonly InboxItem[],
  nowMs: number,
  reorderWindowMs: number,
): InboxStep {
  const head = [...inbox].sort(compareQueued)[0];
  if (!head) return { kind: 'empty' };
  const dueAt = head.priority === 'high' ? head.enqueuedAt : head.enqueuedAt + reorderWindowMs;
  return nowMs >= dueAt ? { kind: 'apply', item: head } : { kind: 'wait', ms: dueAt - nowMs, item: head };
}

/** `<rank>#<time>#<id>`: the inbox sort key, so that the table returns the queue in compareQueued order. */
export function inboxOrderKey(item: Pick<InboxItem, 'priority' | 'time' | 'id'>): string {
  const rank = PRIORITIES.indexOf(item.priority);
  return `${rank}#${item.time}#${item.id}`;
}
