import type { Envelope } from '../envelope.ts';
import type { LayerChange } from './apply.ts';

/**
 * `module.transitioned`: one per layer an event changed (the per-layer callbacks). Type `module.*`
 * and bus Source `vigil.state`: the state rule (Sources ingest/replay, types `state.*`) never sees it.
 */
export function transitionedNotification(
  module: string,
  change: LayerChange,
  meta: { version: number; eventId: string; id: string; at: string },
): Envelope {
  return {
    id: meta.id,
    source: module,
    type: 'module.transitioned',
    severity: change.layer === 'health' && change.to === 'Critical' ? 'CRITICAL' : 'INFO',
    message: `${module}: ${change.layer} ${change.from} → ${change.to} (${change.event})`,
    time: meta.at,
    receivedAt: meta.at,
    module,
    data: { module, ...change, version: meta.version, eventId: meta.eventId },
  };
}

/** `module.transition_rejected`: an event the state did not allow, with the error, nothing changed. */
export function rejectedNotification(
  module: string,
  event: { id: string; type: string },
  error: { code: string; message: string },
  meta: { version: number; id: string; at: string },
): Envelope {
  return {
    id: meta.id,
    source: module,
    type: 'module.transition_rejected',
    severity: 'WARNING',
    message: `${module}: ${error.message}`,
    time: meta.at,
    receivedAt: meta.at,
    module,
    data: { module, event: event.type, eventId: event.id, version: meta.version, error },
  };
}
