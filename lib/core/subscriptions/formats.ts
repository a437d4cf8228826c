import type { Alert } from '../alerts/alert.ts';
import type { BusEvent as AnyBusEvent } from '../bus-event.ts';
import type { Envelope, Severity } from '../envelope.ts';

/** An event as the bus carries it, with Vigil's envelope as `detail`: what subscriptions match and receive. */
export type BusEvent = AnyBusEvent<Envelope>;

export interface DeliveryMeta {
  readonly subscription: string;
  readonly deliveryId: string;
  readonly attempt: number;
  /** Why this delivery exists beyond the event matching: an alert re-notified or escalated. */
  readonly reason?: 'repeat' | 'escalation';
}

export interface RenderOptions {
  /** Where a person can see an alert (the console), if there is one. */
  readonly alertUrl?: (alertId: string) => string;
  /** PagerDuty's integration key (the target's `routingKey`). */
  readonly routingKey?: string;
}

const SLACK_COLOURS: Readonly<Record<Severity, string>> = {
  INFO: '#2f80ed',
  WARNING: '#f2994a',
  CRITICAL: '#d0021b',
};
const RESOLVED_COLOUR = '#27ae60';

function alertOf(event: BusEvent): Alert | undefined {
  const alert = event.detail.data?.alert;
  return event['detail-type'].startsWith('alert.') && typeof alert === 'object' && alert !== null
    ? (alert as Alert)
    : undefined;
}

function title(event: BusEvent, meta: DeliveryMeta): string {
  const prefix =
    meta.reason === 'repeat' ? 'Still open: ' : meta.reason === 'escalation' ? 'Escalated: ' : '';
  return `${prefix}[${event.detail.severity}] ${event['detail-type']} from ${event.detail.source}`;
}

/** A Slack incoming-webhook message: severity colour, source, type, message, a link to the alert. */
export function slackMessage(event: BusEvent, meta: DeliveryMeta, options: RenderOptions = {}) {
  const alert = alertOf(event);
  const resolved = event['detail-type'] === 'alert.resolved';
  const link = alert && options.alertUrl ? options.alertUrl(alert.id) : undefined;
  return {
    text: title(event, meta),
    attachments: [
      {
        color: resolved ? RESOLVED_COLOUR : SLACK_COLOURS[event.detail.severity],
        title: title(event, meta),
        ...(link ? { title_link: link } : {}),
        text: event.detail.message ?? '',
        fields: [
          { title: 'Source', value: event.detail.source, short: true },
          { title: 'Type', value: alert ? alert.type : event.detail.type, short: true },
          { title: 'Severity', value: event.detail.severity, short: true },
          ...(alert
            ? [{ title: 'Alert', value: `${alert.id} (${alert.state}, ${alert.count}×)`, short: true }]
            : []),
        ],
        footer: `Vigil · ${meta.subscription}`,
        ts: Math.floor(Date.parse(event.time) / 1000),
      },
    ],
  };
}

const PAGERDUTY_SEVERITY: Readonly<Record<Severity, string>> = {
  INFO: 'info',
  WARNING: 'warning',
  CRITICAL: 'critical',
};

function pagerDutyAction(type: string): 'trigger' | 'acknowledge' | 'resolve' {
  if (type === 'alert.acknowledged') return 'acknowledge';
  if (type === 'alert.resolved') return 'resolve';
  return 'trigger';
}

/**
 * A PagerDuty Events API v2 body. Alert events follow the alert (opened/escalated → trigger,
 * acknowledged → acknowledge, resolved → resolve) under `dedup_key` = the alert id; any other event
 * triggers an incident keyed by its `alertKey`, else its source and type.
 */
export function pagerDutyEvent(event: BusEvent, meta: DeliveryMeta, options: RenderOptions = {}) {
  const alert = alertOf(event);
  const action = alert ? pagerDutyAction(event['detail-type']) : 'trigger';
  const dedupKey = alert
    ? alert.id
    : (event.detail.alertKey ?? `${event.detail.source}/${event.detail.type}`);
  const link = alert && options.alertUrl ? options.alertUrl(alert.id) : undefined;
  const base = { routing_key: options.routingKey ?? '', event_action: action, dedup_key: dedupKey };
  if (action !== 'trigger') return base;
  return {
    ...base,
    payload: {
      summary: (event.detail.message ?? title(event, meta)).slice(0, 1024),
      source: event.detail.source,
      severity: PAGERDUTY_SEVERITY[event.detail.severity],
      timestamp: event.detail.time,
      component: alert ? alert.type : event.detail.type,
      custom_details: {
        eventId: event.detail.id,
        subscription: meta.subscription,
        ...(alert ? { alert } : {}),
      },
    },
    ...(link ? { links: [{ href: link, text: 'Vigil alert' }] } : {}),
  };
}

/** The body Vigil posts, by the target's format. */
export function deliveryBody(
  format: 'json' | 'slack' | 'pagerduty',
  event: BusEvent,
  meta: DeliveryMeta,
  options: RenderOptions = {},
): unknown {
  if (format === 'slack') return slackMessage(event, meta, options);
  if (format === 'pagerduty') return pagerDutyEvent(event, meta, options);
  return {
    subscription: meta.subscription,
    delivery: { id: meta.deliveryId, attempt: meta.attempt, ...(meta.reason ? { reason: meta.reason } : {}) },
    event,
  };
}
