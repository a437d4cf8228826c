import { VigilClientError } from './errors.ts';
import { type EventOrSignal, EventProducer, type EventProducerOptions } from './event-producer.ts';
import type { PublishResult } from './types.ts';

/**
 * What a stream handler returns each tick: one event or signal, several, or nothing to send.
 *
 * @example
 * ```ts
 * const handler: StreamHandler = () => ({ valence: 0.1, state: readSensors() });
 * ```
 */
export type StreamHandler = () =>
  | EventOrSignal
  | readonly EventOrSignal[]
  | undefined
  | Promise<EventOrSignal | readonly EventOrSignal[] | undefined>;

/**
 * @example
 * ```ts
 * const options: StreamProducerOptions = { client, source: 'cell-4', type: 'telemetry', syncRate: 1 };
 * ```
 */
export interface StreamProducerOptions extends EventProducerOptions {
  /** Seconds between two calls of the handler. */
  readonly syncRate: number;
  /** A handler that throws, a refused or failed event: reported here, never fatal. @default ignore */
  readonly onError?: (error: unknown) => void;
  /** Each event's result, once sent. */
  readonly onResult?: (result: PublishResult) => void;
  /** @default the global timers (tests pass fake ones) */
  readonly timers?: {
    setInterval: (fn: () => void, ms: number) => unknown;
    clearInterval: (handle: never) => void;
  };
}

/**
 * Calls a handler every `syncRate` seconds and publishes what it returns (batched, retried).
 * `sync = false` pauses publishing without stopping the timer (the handler is not called while
 * paused), `sync = true` resumes; `stop()` ends it and flushes.
 *
 * @example
 * ```ts
 * const stream = new StreamProducer({ client: VigilClient.fromLocalRuntime(), source: 'cell-4',
 *   type: 'telemetry', syncRate: 1, onError: (e) => console.error(e) });
 * stream.publish(() => ({ valence: 0.1, state: [temperature(), pressure()] }));
 * stream.sync = false;  // maintenance: nothing is sent
 * stream.sync = true;
 * await stream.stop();
 * ```
 */
export class StreamProducer {
  /** Whether ticks publish; the timer runs either way. */
  sync = true;
  readonly producer: EventProducer;
  private readonly options: StreamProducerOptions;
  private handle: unknown;
  private readonly ticks = new Set<Promise<void>>();

  constructor(options: StreamProducerOptions) {
    if (!(options.syncRate > 0))
      throw new RangeError(`syncRate must be a positive number of seconds, got ${options.syncRate}`);
    this.options = options;
    this.producer = new EventProducer(options);
  }

  /** Whether the timer runs. */
  get running(): boolean {
    return this.handle !== undefined;
  }

  private report(error: unknown): void {
    this.options.onError?.(error);
  }

  private async tick(handler: StreamHandler): Promise<void> {
    if (!this.sync) return;
    let output: Awaited<ReturnType<StreamHandler>>;
    try {
      output = await handler();
    } catch (error) {
      this.report(error);
      return;
    }
    if (output === undefined) return;
    const items = (Array.isArray(output) ? output : [output]) as EventOrSignal[];
    for (const item of items) {
      this.producer.send(item).then(
        (result) => {
          this.options.onResult?.(result);
          if (result.status === 'rejected' || result.status === 'failed')
            this.report(new StreamItemError(result));
        },
        (error: unknown) => this.report(error),
      );
    }
  }

  /**
   * Starts calling `handler` every `syncRate` seconds. One stream runs one handler.
   *
   * @example
   * ```ts
   * stream.publish(async () => ({ source: 'cell-4', type: 'telemetry', data: await poll() }));
   * ```
   */
  publish(handler: StreamHandler): void {
    if (this.handle !== undefined) throw new Error('this stream already publishes; stop() it first');
    const timers = this.options.timers ?? { setInterval, clearInterval };
    this.handle = timers.setInterval(() => {
      const tick = this.tick(handler);
      this.ticks.add(tick);
      void tick.finally(() => this.ticks.delete(tick));
    }, this.options.syncRate * 1000);
  }

  /**
   * Stops the timer, waits for a tick under way, and flushes what is buffered.
   *
   * @example
   * ```ts
   * await stream.stop();
   * ```
   */
  async stop(): Promise<void> {
    if (this.handle !== undefined) {
      const timers = this.options.timers ?? { setInterval, clearInterval };
      timers.clearInterval(this.handle as never);
      this.handle = undefined;
    }
    await Promise.allSettled([...this.ticks]);
    await this.producer.flush();
  }
}

/**
 * An event a stream sent came back rejected or failed; `result` says why.
 *
 * @example
 * ```ts
 * onError: (e) => { if (e instanceof StreamItemError) console.error(e.result); }
 * ```
 */
export class StreamItemError extends VigilClientError {
  readonly code: string;

  constructor(readonly result: Extract<PublishResult, { status: 'rejected' | 'failed' }>) {
    super(`event ${result.id ?? '(no id)'} ${result.status}: ${result.error.message}`, {
      ...(result.error.field === undefined ? {} : { field: result.error.field }),
      retryable: result.status === 'failed',
    });
    this.code = result.error.code;
  }
}
