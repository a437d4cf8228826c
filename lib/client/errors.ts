/**
 * Every error the client throws: `code` is stable (match on it, never on the message).
 *
 * @example
 * ```ts
 * try { await client.alert(id); }
 * catch (error) { if (error instanceof VigilClientError && error.code === 'ALERT_NOT_FOUND') … }
 * ```
 */
export abstract class VigilClientError extends Error {
  abstract readonly code: string;
  /** The offending input path when there is one, e.g. `signal.state[1]`. */
  readonly field: string | undefined;
  /** Whether sending the same request again (same ids) may succeed. */
  readonly retryable: boolean;

  constructor(message: string, options: { field?: string; retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.field = options.field;
    this.retryable = options.retryable ?? false;
  }
}

/**
 * The API answered with an error status: `status` is the HTTP status, `code`/`message`/`field` come
 * from the `{error: {code, message, field?}}` body (or name the status when the body has none).
 *
 * @example
 * ```ts
 * try { await client.ack(id, { by: 'ana' }); }
 * catch (error) {
 *   if (error instanceof VigilHttpError && error.status === 409) console.log(error.message);
 * }
 * ```
 */
export class VigilHttpError extends VigilClientError {
  readonly code: string;
  readonly status: number;
  /** From `Retry-After`, when the server sent one. */
  readonly retryAfterMs: number | undefined;
  /** The whole response body, parsed (e.g. a refused module event carries the module's state). */
  readonly body: unknown;

  constructor(input: {
    status: number;
    code: string;
    message: string;
    field?: string;
    retryAfterMs?: number;
    body?: unknown;
  }) {
    const retryable = input.status === 429 || input.status === 503;
    super(input.message, { ...(input.field === undefined ? {} : { field: input.field }), retryable });
    this.code = input.code;
    this.status = input.status;
    this.retryAfterMs = input.retryAfterMs;
    this.body = input.body;
  }
}

/**
 * The request never got an answer (connection refused, reset, DNS, timeout): retryable.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof VigilNetworkError) console.error(`is ${endpoint} up? ${error.message}`); }
 * ```
 */
export class VigilNetworkError extends VigilClientError {
  readonly code = 'NETWORK_ERROR';

  constructor(message: string, cause?: unknown) {
    super(message, { retryable: true, cause });
  }
}

/**
 * An event or signal breaks the envelope's rules, found on the client before any network call.
 * The message is the server's own (`signal.state[1]: must be a finite number`).
 *
 * @example
 * ```ts
 * await producer.publish({ valence: 0, state: [] }).catch((e: VigilValidationError) => e.field); // 'signal.state'
 * ```
 */
export class VigilValidationError extends VigilClientError {
  readonly code = 'VALIDATION_FAILED';
}

/**
 * The client is missing something it needs (an endpoint, a producer key, admin credentials);
 * the message names it and how to give it.
 *
 * @example
 * ```ts
 * new VigilClient({ endpoint }).publish(event); // throws VigilConfigError: no producer key …
 * ```
 */
export class VigilConfigError extends VigilClientError {
  readonly code = 'CONFIG_MISSING';
}

/**
 * The producer was closed; nothing more can be sent through it.
 *
 * @example
 * ```ts
 * await producer.close(); await producer.send(event); // rejects with VigilClosedError
 * ```
 */
export class VigilClosedError extends VigilClientError {
  readonly code = 'PRODUCER_CLOSED';
}
