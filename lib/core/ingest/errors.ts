import { VigilError } from '../errors.ts';

/** The request body is not usable at all: not UTF-8 JSON, or not an event or a batch. */
export class MalformedBodyError extends VigilError {
  readonly code = 'MALFORMED_BODY';
  override readonly status = 400;
}

/** `POST /events` without a valid producer key (the authorizer lets none through; a direct call can). */
export class UnauthenticatedError extends VigilError {
  readonly code = 'UNAUTHENTICATED';
  override readonly status = 401;
}

export class BodyTooLargeError extends VigilError {
  readonly code = 'BODY_TOO_LARGE';
  override readonly status = 400;
}

/** The producer key does not own the event's `source`. */
export class SourceNotAllowedError extends VigilError {
  readonly code = 'SOURCE_NOT_ALLOWED';
  override readonly status = 403;

  constructor(source: string, producer: string) {
    super(`source: producer '${producer}' may not publish as '${source}'`, { field: 'source' });
  }
}

/** A dependency (DynamoDB, EventBridge) still failed after retries; the event was not accepted. */
export class DependencyUnavailableError extends VigilError {
  readonly code = 'DEPENDENCY_UNAVAILABLE';
  override readonly status = 503;
}

/** Another request holds the claim on this dedup key and has not finished; retry shortly. */
export class ClaimInProgressError extends VigilError {
  readonly code = 'IN_PROGRESS';
  override readonly status = 503;
}

/** A batch uses one id for two different events (different dedupKeys); the later one is refused. */
export class DuplicateIdInBatchError extends VigilError {
  readonly code = 'DUPLICATE_ID_IN_BATCH';
  override readonly status = 400;

  constructor(id: string, firstIndex: number) {
    super(`id: ${id} is already the id of event ${firstIndex} in this batch; every event needs its own id`, {
      field: 'id',
    });
  }
}

/** The producer key's module scope does not include the `state.*` event's module. */
export class ModuleNotAllowedError extends VigilError {
  readonly code = 'MODULE_NOT_ALLOWED';
  override readonly status = 403;

  constructor(module: string, producer: string) {
    super(`module: producer '${producer}' may not drive module '${module}'`, { field: 'module' });
  }
}

/** A cross-layer command (EMERGENCY_STOP, INTERRUPT) from a key that does not allow commands. */
export class CommandNotAllowedError extends VigilError {
  readonly code = 'COMMAND_NOT_ALLOWED';
  override readonly status = 403;

  constructor(command: string, module: string, producer: string) {
    super(
      `type: producer '${producer}' may not send the command ${command} to module '${module}' (its key does not allow commands)`,
      { field: 'type' },
    );
  }
}
