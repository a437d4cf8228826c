import { VigilError } from '../errors.ts';
import { quote } from '../quote.ts';
import { EVENT_NAMES, type StateEventName } from './events.ts';
import type { Layer, LayerState } from './model.ts';

/**
 * An event that the current state does not allow (HTTP 409); nothing changed. With a `target`
 * (an event that names its one target state): `Cannot transition from <from> to <target> with event
 * <event>`; without: `No transition for <event> from <from>`. `layer` is undefined when the event
 * concerns several layers, and `from` then lists them (`lifecycle Offline, health Critical`).
 */
export class InvalidTransitionError extends VigilError {
  readonly code = 'INVALID_TRANSITION';
  override readonly status = 409;

  constructor(
    readonly event: StateEventName,
    readonly layer: Layer | undefined,
    readonly from: string,
    readonly target: LayerState | undefined,
  ) {
    super(
      target === undefined
        ? `No transition for ${event} from ${from}`
        : `Cannot transition from ${from} to ${target} with event ${event}`,
    );
  }
}

/** An event name outside the catalog (HTTP 400); the message lists the allowed ones. */
export class UnknownStateEventError extends VigilError {
  readonly code = 'UNKNOWN_STATE_EVENT';
  override readonly status = 400;
  readonly allowed: readonly StateEventName[] = EVENT_NAMES;

  constructor(readonly received: unknown) {
    super(`Unknown state event ${quote(received)}; allowed events: ${EVENT_NAMES.join(', ')}`, {
      field: 'type',
    });
  }
}

/** A PRIORITY_OVERRIDE that does not come from an admin who says who they are (HTTP 403). */
export class OverrideNotAllowedError extends VigilError {
  readonly code = 'OVERRIDE_NOT_ALLOWED';
  override readonly status = 403;
}

/** Too many concurrent writes to one module in a row: the event is left queued and its delivery retried. */
export class StateContentionError extends VigilError {
  readonly code = 'STATE_CONTENTION';
  override readonly status = 503;
}

export class ModuleNotFoundError extends VigilError {
  readonly code = 'MODULE_NOT_FOUND';
  override readonly status = 404;
}
