import { setMaxListeners } from 'node:events';
import type { Clock } from '../clock.ts';
import type { Invoker, LocalEventSourceMapping } from '../topology.ts';
import { failedMessages, sqsEvent } from './lambda-event.ts';
import { receiveWaiting } from './long-poll.ts';
import type { StoredMessage } from './message.ts';
import type { LocalSqsQueue } from './queue.ts';

/** Lambda long-polls with the longest wait SQS allows. */
const POLL_WAIT_MS = 20_000;
/** Pollers when ScalingConfig sets no maximum: Lambda starts SQS scaling at five. */
const DEFAULT_CONCURRENCY = 5;

export interface EventSourceLog {
  readonly mapping: string;
  readonly outcome: 'succeeded' | 'partial' | 'failed';
  readonly batchSize: number;
  readonly failed: number;
  readonly error?: string;
}

export interface SqsEventSourceOptions {
  readonly mapping: LocalEventSourceMapping;
  readonly queue: LocalSqsQueue;
  readonly invoker: Invoker;
  readonly clock: Clock;
  readonly region: string;
  /** The function's timeout: with a batching window it lengthens the visibility timeout of receives. */
  readonly functionTimeoutSeconds?: number;
  readonly onBatch?: (line: EventSourceLog) => void;
}

/**
 * Runs one SQS event source mapping: up to MaximumConcurrency pollers each long-poll the queue, gather a
 * batch (BatchSize, MaximumBatchingWindowInSeconds), invoke the function synchronously and delete what
 * succeeded. Failed messages are left in flight: they come back after the visibility timeout, and the
 * queue's redrive policy moves them to its dead-letter queue. FIFO ordering comes from the queue itself
 * (no message of a group while one is in flight), so concurrent pollers never split a group.
 */
export class SqsEventSource {
  readonly #options: SqsEventSourceOptions;
  readonly #stop = new AbortController();
  readonly #loops: Promise<void>[] = [];

  constructor(options: SqsEventSourceOptions) {
    this.#options = options;
    // Up to MaximumConcurrency (≤ 1000) pollers wait on this signal at once.
    setMaxListeners(0, this.#stop.signal);
  }

  /** Starts one poller; more join while batches keep coming, up to MaximumConcurrency (default 5). */
  start(): void {
    if (!this.#options.mapping.enabled || this.#loops.length > 0) return;
    this.#loops.push(this.#loop());
  }

  /** Scaling up, as Lambda adds pollers while it finds messages: one more per batch being processed. */
  #scaleUp(): void {
    const limit = this.#options.mapping.maximumConcurrency ?? DEFAULT_CONCURRENCY;
    if (this.#loops.length < limit && !this.#stop.signal.aborted) this.#loops.push(this.#loop());
  }

  /** Stops polling; resolves once the batches being processed are settled. */
  async stop(): Promise<void> {
    this.#stop.abort();
    // Loops started while waiting are in the list too.
    for (let settled = 0; settled < this.#loops.length; settled = this.#loops.length) {
      await Promise.all(this.#loops);
    }
  }

  async #loop(): Promise<void> {
    while (!this.#stop.signal.aborted && !this.#options.queue.closed) {
      const batch = await this.#gather();
      if (batch.length === 0) continue;
      this.#scaleUp();
      await this.#process(batch);
    }
  }

  async #gather(): Promise<StoredMessage[]> {
    const { queue, clock, mapping } = this.#options;
    const signal = this.#stop.signal;
    const visibility = this.#visibilityTimeout();
    const take = (messages: StoredMessage[]) => ({
      max: Math.min(10, mapping.batchSize - messages.length),
      ...(visibility !== undefined ? { visibilityTimeout: visibility } : {}),
    });
    const batch = await receiveWaiting(queue, take([]), POLL_WAIT_MS, clock, signal);
    if (batch.length === 0) return batch;
    const deadline = clock.now() + mapping.maximumBatchingWindowInSeconds * 1000;
    while (batch.length < mapping.batchSize && !signal.aborted) {
      const left = deadline - clock.now();
      const more = await receiveWaiting(queue, take(batch), left, clock, signal);
      if (more.length === 0) break;
      batch.push(...more);
    }
    return batch;
  }

  /**
   * Lambda's rule: with a batching window, when window + function timeout passes the queue's visibility
   * timeout, messages are received with window + function timeout + 30 s instead.
   */
  #visibilityTimeout(): number | undefined {
    const { mapping, queue, functionTimeoutSeconds = 0 } = this.#options;
    const window = mapping.maximumBatchingWindowInSeconds;
    const longest = window + functionTimeoutSeconds;
    return window > 0 && longest > queue.settings.visibilityTimeout ? longest + 30 : undefined;
  }

  async #process(batch: StoredMessage[]): Promise<void> {
    const { queue, invoker, mapping, region, onBatch } = this.#options;
    const result = await invoker
      .invoke(mapping.functionId, sqsEvent(queue, batch, region))
      .catch((error: unknown) => ({
        ok: false as const,
        error: { errorType: 'Invoke', errorMessage: String(error) },
      }));
    const failed = failedMessages(batch, result, mapping.reportBatchItemFailures, queue.settings.fifo);
    for (const message of batch) {
      if (!failed.includes(message) && message.receiptHandle) queue.delete(message.receiptHandle);
    }
    onBatch?.({
      mapping: mapping.logicalId,
      outcome: failed.length === 0 ? 'succeeded' : failed.length === batch.length ? 'failed' : 'partial',
      batchSize: batch.length,
      failed: failed.length,
      ...(result.ok ? {} : { error: `${result.error.errorType}: ${result.error.errorMessage}` }),
    });
  }
}
