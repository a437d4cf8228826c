import type { ScheduledEvent } from 'aws-lambda';
import { isQuiet, type ResolveTimeout } from '../core/alerts/auto-resolve.ts';
import { alertNotification } from '../core/alerts/notifications.ts';
import type { AlertStore } from '../core/alerts/ports.ts';
import type { AlertService } from '../core/alerts/service.ts';
import type { EventPublisher, Log } from '../core/ingest/ports.ts';
import type { MetricOf, MetricSink } from '../core/metrics.ts';

export interface AlertSweeperDeps {
  readonly store: Pick<AlertStore, 'openAlerts'>;
  readonly alerts: Pick<AlertService, 'autoResolve'>;
  readonly publisher: EventPublisher;
  readonly timeouts: readonly ResolveTimeout[];
  readonly log: Log;
  readonly metrics: MetricSink<MetricOf<'alert-sweeper'>>;
  readonly newId: () => string;
  readonly now: () => number;
}

export interface SweepResult {
  readonly checked: number;
  readonly resolved: readonly string[];
}

/**
 * Target of the auto-resolve schedule: resolves every open alert quiet for longer than its
 * `resolveTimeout` and announces `alert.resolved`. Reads all open alerts (one per fingerprint, a
 * bounded set) from the byState index; a failure throws, and the next tick tries again.
 */
export function createAlertSweepHandler(deps: AlertSweeperDeps) {
  return async (_event: ScheduledEvent): Promise<SweepResult> => {
    let checked = 0;
    const resolved: string[] = [];
    for await (const alert of deps.store.openAlerts()) {
      checked++;
      if (!isQuiet(alert, deps.timeouts, deps.now())) continue;
      const done = await deps.alerts.autoResolve(alert.id, deps.timeouts);
      if (!done) continue;
      resolved.push(done.id);
      deps.log.info('alert auto-resolved', { alertId: done.id, lastSeenAt: done.lastSeenAt });
      const at = new Date(deps.now()).toISOString();
      const [outcome] = await deps.publisher.publish([
        alertNotification('alert.resolved', done, { id: deps.newId(), at }),
      ]);
      if (!outcome?.published)
        deps.log.error('alert notification not published', {
          alertId: done.id,
          notification: 'alert.resolved',
        });
    }
    deps.metrics.add('alertsAutoResolved', resolved.length);
    deps.log.info('sweep done', { checked, resolved: resolved.length });
    return { checked, resolved };
  };
}
