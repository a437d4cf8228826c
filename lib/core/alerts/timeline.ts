import type { TimelineEntry } from './ports.ts';

/**
 * What an alert's timeline keeps: its state changes (opened, escalated, acknowledged, resolved),
 * never its repeats, which `count`, `lastSeenAt` and `lastEventId` summarize. The lifecycle is
 * linear and a severity only rises once (WARNING → CRITICAL), so a timeline has at most four
 * entries and fits in the alert's own item.
 */
export function isKeptInTimeline(entry: Pick<TimelineEntry, 'kind'>): boolean {
  return entry.kind !== 'repeated';
}
