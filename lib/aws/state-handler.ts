import type { EventBridgeEvent } from 'aws-lambda';
import type { Envelope } from '../core/envelope.ts';
import type { Log } from '../core/ingest/ports.ts';
import type { ModuleService } from '../core/state/service.ts';

export interface StateHandlerDeps {
  readonly modules: Pick<ModuleService, 'receive'>;
  readonly log: Log;
}

/**
 * Target of the state rule (`state.<EVENT>` events from ingest and replay): queues the event in its
 * module's inbox and drains the inbox until it is handled. A refusal is an outcome, not a failure
 * (`module.transition_rejected` is announced); anything else throws, and EventBridge retries the
 * delivery, which finds the event queued or already handled.
 */
export function createStateHandler(deps: StateHandlerDeps) {
  return async (event: EventBridgeEvent<string, Envelope>) => {
    const envelope = event.detail;
    const { queued, drained } = await deps.modules.receive(envelope);
    const own = drained.find((d) => d.eventId === envelope.id);
    deps.log.info(
      own
        ? `state event ${own.outcome}`
        : queued
          ? 'state event applied by a concurrent drain'
          : 'state event handled before',
      {
        eventId: envelope.id,
        module: envelope.module,
        type: envelope.type,
        drained: drained.length,
      },
    );
    return {
      module: envelope.module,
      outcome: own?.outcome ?? (queued ? 'handled-concurrently' : 'duplicate'),
      drained,
    };
  };
}
