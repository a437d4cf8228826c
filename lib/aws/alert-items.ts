import type { Alert } from '#lib/core/alerts/alert.ts';
import { alertIndexKeys } from '#lib/core/alerts/listing.ts';
import type { StoredAlert, TimelineEntry } from '#lib/core/alerts/ports.ts';

/** How long an applied event's marker is kept: redelivery and replay within it count once. */
export const MARKER_DAYS = 30;

export const alertKey = (id: string) => ({ pk: `A#${id}`, sk: 'A' });
export const pointerKey = (fingerprint: string) => ({ pk: `F#${fingerprint}`, sk: 'OPEN' });
export const markerKey = (eventId: string) => ({ pk: `EV#${eventId}`, sk: 'EV' });

/** The alert item: the alert, its version and index keys (the timeline is added by the writes). */
export function alertItem(alert: Alert, version: number): Record<string, unknown> {
  return { ...alertKey(alert.id), ...alert, version, ...alertIndexKeys(alert) };
}

/** An alert item of the table or of an index, without its keys and timeline. */
export function storedAlertOf(item: Record<string, unknown>): StoredAlert {
  const {
    pk: _pk,
    sk: _sk,
    version,
    timeline: _timeline,
    byStatePk: _a,
    bySeverityPk: _b,
    bySourcePk: _c,
    listSk: _d,
    ...alert
  } = item;
  return { alert: alert as unknown as Alert, version: Number(version) };
}

export function timelineOf(item: Record<string, unknown>): TimelineEntry[] {
  return (item.timeline as TimelineEntry[] | undefined) ?? [];
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
