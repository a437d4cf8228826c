import { VigilClient, type VigilClientOptions } from './client.ts';
import {
  type AttemptListener,
  deliverBatch,
  MAX_BATCH_EVENTS,
  prepareEvent,
  type WireEvent,
} from './deliver.ts';
import { VigilClosedError, VigilConfigError } from './errors.ts';
import { type RetryPolicy, retryPolicy } from './retry.ts';
import { isSignal } from './signal.ts';
import type { PublishResult, Signal, VigilEvent } from './types.ts';

/**
 * What a producer sends: a whole event, or a bare signal completed with the producer's defaults.
 *
 * @example
 * ```ts
 * const item: EventOrSignal = { valence: 0.3, state: [71.2, 70.8] };
 * ```
 */
export type EventOrSignal = VigilEvent | Signal;

/**
 * @example
 * ```ts
 * const options: EventProducerOptions = { client, source: 'plant7.press', type: 'reading', maxBatchAgeMs: 500 };
 * ```
 */
export interface EventProducerOptions {
  /** A client to share, or the options to make one. */
  readonly client: VigilClient | VigilClientOptions;
  /** Completes a bare signal (and events that leave them out). */
  readonly source?: string;
  readonly type?: string;
  readonly module?: string;
  /** A buffered batch goes out at this many events. @default 100 (the most one request carries) */
  readonly maxBatchEvents?: number;
  /** …or when its oldest event has waited this long. @default 200 */
  readonly maxBatchAgeMs?: number;
  /** Batches in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Every HTTP attempt, e.g. for a progress bar or a retry count. */
  readonly onAttempt?: AttemptListener;
}

interface Pending {
  readonly event: WireEvent;
  readonly resolve: (result: PublishResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Publishes events and signals: `publish` sends at once, `send` buffers and sends in batches (by
 * count or age, and on `flush()`/`close()`). Every event gets its id on the client; 429, 503 and
 * network errors are retried with backoff (a `failed` item of a batch alone), so nothing is sent
 * twice. A bad signal is refused before any network call, with the server's own message.
 *
 * @example
 * ```ts
 * const producer = new EventProducer({ client: VigilClient.fromLocalRuntime(), source: 'plant7.press', type: 'reading' });
 * const result = await producer.publish({ valence: 0.2, state: [71.5, 70.9] });   // { id, status: 'accepted' }
 * for (const reading of readings) void producer.send({ valence: 0, state: reading }); // batched
 * await producer.close();
 * ```
 */
export class EventProducer {
  readonly client: VigilClient;
  private readonly options: EventProducerOptions;
  private readonly policy: RetryPolicy;
  private buffer: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly inflight = new Set<Promise<void>>();
  private closed = false;

  constructor(options: EventProducerOptions) {
    this.client = options.client instanceof VigilClient ? options.client : new VigilClient(options.client);
    this.options = options;
    this.policy = retryPolicy(this.client.retry);
  }

  /** An event from a signal or a partial event, with the producer's defaults. */
  private toEvent(item: EventOrSignal): VigilEvent {
    const { source, type, module } = this.options;
    const defaults = {
      ...(source === undefined ? {} : { source }),
      ...(type === undefined ? {} : { type }),
      ...(module === undefined ? {} : { module }),
    };
    if (isSignal(item)) {
      if (!source || !type)
        throw new VigilConfigError(
          'a bare signal needs a source and a type: new EventProducer({ client, source, type })',
        );
      return { ...defaults, source, type, signal: item };
    }
    return { ...defaults, ...item } as VigilEvent;
  }

  /**
   * Sends one event or signal now (not batched) and resolves to its result.
   *
   * @example
   * ```ts
   * const { status } = await producer.publish({ source: 's', type: 't', severity: 'WARNING' });
   * ```
   */
  async publish(item: EventOrSignal): Promise<PublishResult> {
    if (this.closed) throw new VigilClosedError('the producer is closed');
    const event = prepareEvent(this.toEvent(item));
    const [result] = await deliverBatch(this.client.transport, [event], this.policy, this.options.onAttempt);
    return result as PublishResult;
  }

  /**
   * Buffers an event or signal; resolves to its result once its batch has been sent.
   *
   * @example
   * ```ts
   * const pending = lines.map((line) => producer.send(JSON.parse(line)));
   * await producer.flush();
   * const results = await Promise.all(pending);
   * ```
   */
  send(item: EventOrSignal): Promise<PublishResult> {
    if (this.closed) return Promise.reject(new VigilClosedError('the producer is closed'));
    let event: WireEvent;
    try {
      event = prepareEvent(this.toEvent(item));
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<PublishResult>((resolve, reject) => {
      this.buffer.push({ event, resolve, reject });
      const max = Math.min(this.options.maxBatchEvents ?? MAX_BATCH_EVENTS, MAX_BATCH_EVENTS);
      if (this.buffer.length >= max) this.dispatch();
      else this.timer ??= setTimeout(() => this.dispatch(), this.options.maxBatchAgeMs ?? 200);
    });
  }

  /** How many events are buffered or in flight. */
  get pending(): number {
    return this.buffer.length + this.inflight.size;
  }

  private active = 0;
  private readonly waiting: (() => void)[] = [];

  /** One of `concurrency` slots for a batch in flight. */
  private async acquire(): Promise<void> {
    if (this.active < (this.options.concurrency ?? 4)) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot to the next waiting batch, or frees it. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  private dispatch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length === 0) return;
    const run = (async () => {
      await this.acquire();
      try {
        const results = await deliverBatch(
          this.client.transport,
          batch.map((p) => p.event),
          this.policy,
          this.options.onAttempt,
        );
        for (const [i, p] of batch.entries()) p.resolve(results[i] as PublishResult);
      } catch (error) {
        for (const p of batch) p.reject(error);
      } finally {
        this.release();
      }
    })();
    this.inflight.add(run);
    void run.finally(() => this.inflight.delete(run));
  }

  /**
   * Sends what is buffered and waits for every batch in flight.
   *
   * @example
   * ```ts
   * await producer.flush();
   * ```
   */
  async flush(): Promise<void> {
    this.dispatch();
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /**
   * Flushes, then refuses anything more.
   *
   * @example
   * ```ts
   * process.on('SIGTERM', () => void producer.close());
   * ```
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }
}
