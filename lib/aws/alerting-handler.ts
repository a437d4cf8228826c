import type { EventBridgeEvent } from 'aws-lambda';
import { alertNotification } from '../core/alerts/notifications.ts';
import type { AlertService, EventOutcome } from '../core/alerts/service.ts';
import type { Envelope } from '../core/envelope.ts';
import type { EventPublisher, Log } from '../core/ingest/ports.ts';
import type { MetricOf, MetricSink } from '../core/metrics.ts';

/** The count each outcome of AlertService.handleEvent adds to. */
const OUTCOME_METRIC = {
  opened: 'alertsOpened',
  repeated: 'alertsRepeated',
  resolved: 'alertsResolved',
  duplicate: 'alertEventsDuplicate',
  ignored: 'alertEventsIgnored',
} as const satisfies Record<EventOutcome['outcome'], MetricOf<'alerting'>>;

export interface AlertingDeps {
  readonly alerts: AlertService;
  readonly publisher: EventPublisher;
  readonly log: Log;
  readonly metrics: MetricSink<MetricOf<'alerting'>>;
  readonly newId: () => string;
  readonly now: () => number;
}

/**
 * Target of the alerting rule: applies the event to its alert, then announces what changed. A
 * failure to apply throws, so EventBridge retries the delivery (an applied event counts once).
 */
export function createAlertingHandler(deps: AlertingDeps) {
  return async (
    event: EventBridgeEvent<string, Envelope>,
  ): Promise<{ outcome: string; alertId?: string }> => {
    const envelope = event.detail;
    const result = await deps.alerts.handleEvent(envelope);
    deps.metrics.add(OUTCOME_METRIC[result.outcome], 1);
    if (!('alert' in result)) {
      deps.log.info(`event ${result.outcome}`, { eventId: envelope.id, reason: result.reason });
      return { outcome: result.outcome };
    }
    const at = new Date(deps.now()).toISOString();
    const notifications = result.notifications.map((kind) =>
      alertNotification(kind, result.alert, { id: deps.newId(), at }),
    );
    deps.log.info(`alert ${result.outcome}`, {
      eventId: envelope.id,
      alertId: result.alert.id,
      count: result.alert.count,
      severity: result.alert.severity,
    });
    if (notifications.length > 0) {
      const outcomes = await deps.publisher.publish(notifications);
      for (const failed of outcomes.filter((o) => !o.published)) {
        // The alert itself is stored; only the announcement is lost, and it is logged loudly.
        deps.log.error('alert notification not published', {
          eventId: envelope.id,
          alertId: result.alert.id,
          notificationId: failed.id,
        });
      }
    }
    return { outcome: result.outcome, alertId: result.alert.id };
  };
}
