import type { Envelope } from '../envelope.ts';

/**
 * The identity of an alert: the producer's `alertKey` (PagerDuty's dedup_key) scoped by source, else
 * `source`+`type`. Scoping by source keeps one producer from touching another's alerts.
 */
export function fingerprintOf(event: Pick<Envelope, 'source' | 'type' | 'alertKey'>): string {
  return event.alertKey === undefined
    ? `st#${event.source}#${event.type}`
    : `key#${event.source}#${event.alertKey}`;
}
