import type { EventBridgeEvent } from 'aws-lambda';
import type { Envelope } from '../core/envelope.ts';
import type { Log } from '../core/ingest/ports.ts';
import type { MetricOf, MetricSink } from '../core/metrics.ts';
import type { ModuleService } from '../core/state/service.ts';

export interface StateHandlerDeps {
  readonly modules: Pick<ModuleService, 'receive'>;
  readonly log: Log;
  readonly metrics: MetricSink<MetricOf<'state'>>;
}

/**
 * Target of the state rule (`state.<EVENT>` events from ingest and replay): applies the event at once
 * when nothing waits for its module (no reorder window), else queues it in the module's inbox and
 * drains the inbox until it is handled or the head is not yet due (then a drain is scheduled on the
 * drain queue, and the invocation returns: it never waits). A refusal is an outcome, not a failure
 * (`module.transition_rejected` is announced); anything else throws, and EventBridge retries the
 * delivery, which finds the event queued or already handled.
 */
export function createStateHandler(deps: StateHandlerDeps) {
  return async (event: EventBridgeEvent<string, Envelope>) => {
    const envelope = event.detail;
    const { queued, drained, scheduledInMs } = await deps.modules.receive(envelope);
    countDrained(deps.metrics, drained);
    // Handled by this call, waiting for a scheduled drain, by a concurrent drain, or before (a redelivery).
    const outcome =
      drained.find((d) => d.eventId === envelope.id)?.outcome ??
      (scheduledInMs === undefined ? (queued ? 'handled-concurrently' : 'duplicate') : 'scheduled');
    deps.log.info(`state event ${outcome}`, {
      eventId: envelope.id,
      module: envelope.module,
      type: envelope.type,
      drained: drained.length,
      scheduledInMs,
    });
    return { module: envelope.module, outcome, drained };
  };
}

/** Each event is counted by the call that drained it, whichever event that call was made for. */
export function countDrained(
  metrics: StateHandlerDeps['metrics'],
  drained: readonly { readonly outcome: string }[],
): void {
  metrics.add('transitionsApplied', drained.filter((d) => d.outcome === 'applied').length);
  metrics.add('transitionsRefused', drained.filter((d) => d.outcome === 'rejected').length);
}
