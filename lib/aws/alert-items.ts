import * as z from 'zod/mini';
import type { Alert } from '#lib/core/alerts/alert.ts';
import { ALERT_STATES } from '#lib/core/alerts/lifecycle.ts';
import { alertIndexKeys } from '#lib/core/alerts/listing.ts';
import type { StoredAlert, TimelineEntry } from '#lib/core/alerts/ports.ts';
import { SEVERITIES } from '#lib/core/envelope.ts';
import { parseItem } from './stored-item.ts';

/**
 * An event's item: the alert it opened (an alert's id is its opening event's id), else the marker
 * of the change it made. Either way its presence means "this event was applied".
 */
export const markerKey = (eventId: string) => ({ pk: `EV#${eventId}`, sk: 'EV' });
export const alertKey = markerKey;
export const pointerKey = (fingerprint: string) => ({ pk: `F#${fingerprint}`, sk: 'OPEN' });

/** Whether an event's item holds an alert (the event opened it) rather than a marker. */
export const isAlertItem = (item: Record<string, unknown>): boolean => 'fingerprint' in item;

/** The alert item: the alert, its version and index keys (the timeline is added by the writes). */
export function alertItem(alert: Alert, version: number): Record<string, unknown> {
  return { ...alertKey(alert.id), ...alert, version, ...alertIndexKeys(alert) };
}

const text = z.string();
const maybeText = z.optional(z.string());

/** Every field of an Alert (a field added to Alert and not here does not compile). */
const alertShape = {
  id: text,
  fingerprint: text,
  state: z.enum(ALERT_STATES),
  severity: z.enum(SEVERITIES),
  source: text,
  type: text,
  alertKey: maybeText,
  count: z.number(),
  firstSeenAt: text,
  lastSeenAt: text,
  lastMessage: maybeText,
  lastEventId: text,
  acknowledgedBy: maybeText,
  acknowledgedOnBehalfOf: maybeText,
  acknowledgedAt: maybeText,
  acknowledgeNote: maybeText,
  resolvedBy: maybeText,
  resolvedOnBehalfOf: maybeText,
  resolvedAt: maybeText,
  resolutionNotes: maybeText,
} satisfies Record<keyof Alert, z.core.$ZodType>;

/** An alert item as written by alertItem: the alert and its version (keys and index keys stripped). */
const alertItemSchema = z.object({ ...alertShape, version: z.number() });

const timelineItemSchema = z.object({
  timeline: z.optional(
    z.array(
      z.object({
        at: text,
        kind: z.enum(['opened', 'repeated', 'escalated', 'acknowledged', 'resolved']),
        eventId: maybeText,
        by: maybeText,
        onBehalfOf: maybeText,
        note: maybeText,
        severity: maybeText,
      }),
    ),
  ),
});

/** An alert item of `table` or of one of its indexes, without its keys and timeline. */
export function storedAlertOf(table: string, item: Record<string, unknown>): StoredAlert {
  const { version, ...alert } = parseItem(table, alertItemSchema, item);
  return { alert: alert satisfies Alert, version };
}

export function timelineOf(table: string, item: Record<string, unknown>): TimelineEntry[] {
  return parseItem(table, timelineItemSchema, item).timeline ?? [];
}

/**
 * `SET` of every attribute of `item` but its keys, as an UpdateItem expression: an alert only ever
 * gains attributes (acknowledgedBy, resolvedAt…), so nothing needs removing.
 */
export function setAll(item: Record<string, unknown>): {
  readonly clauses: string[];
  readonly names: Record<string, string>;
  readonly values: Record<string, unknown>;
} {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  Object.entries(item)
    .filter(([name, value]) => name !== 'pk' && name !== 'sk' && value !== undefined)
    .forEach(([name, value], i) => {
      clauses.push(`#a${i} = :a${i}`);
      names[`#a${i}`] = name;
      values[`:a${i}`] = value;
    });
  return { clauses, names, values };
}
