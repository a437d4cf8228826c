import { randomUUID } from 'node:crypto';
import type { InvokeResult } from '../topology.ts';
import { CLOSED_ERROR } from './execution-environment.ts';

/** Lambda retries a failed asynchronous invocation twice: after 1 minute, then after 2 more. */
export const LAMBDA_ASYNC_RETRY_DELAYS_MS: readonly number[] = [60_000, 120_000];

/** What runs the function: the local Lambda runtime, keeping the caller's request id. */
export interface AsyncTarget {
  invoke(functionRef: string, event: unknown, options: { readonly requestId: string }): Promise<InvokeResult>;
}

export interface AsyncInvocationsOptions {
  readonly target: AsyncTarget;
  /** The wait before each retry; as many retries as entries. @default LAMBDA_ASYNC_RETRY_DELAYS_MS */
  readonly retryDelaysMs?: readonly number[];
  readonly onEvent?: (line: AsyncInvocationLog) => void;
}

export interface AsyncInvocationLog {
  readonly outcome: 'succeeded' | 'retrying' | 'dropped';
  readonly functionRef: string;
  readonly requestId: string;
  /** 0 for the first attempt. */
  readonly attempt: number;
  readonly error?: string;
}

/**
 * Lambda's queue for `Event` invocations: the caller gets the request id at once, the function
 * runs in the background, and a function error (thrown, timed out, crashed) is retried after each
 * delay of `retryDelaysMs` with the same request id. After the last retry the event is dropped
 * (Lambda would send it to an on-failure destination or DLQ; those are not emulated).
 */
export class AsyncInvocations {
  readonly #options: AsyncInvocationsOptions;
  readonly #pending = new Set<Promise<void>>();
  readonly #timers = new Map<NodeJS.Timeout, () => void>();
  #closed = false;

  constructor(options: AsyncInvocationsOptions) {
    this.#options = options;
  }

  /** Queues one invocation; returns its request id (what Lambda answers in `x-amzn-RequestId`). */
  enqueue(functionRef: string, event: unknown, requestId: string = randomUUID()): string {
    const run = this.#run(functionRef, event, requestId).finally(() => this.#pending.delete(run));
    this.#pending.add(run);
    return requestId;
  }

  /** Resolves once every queued invocation has succeeded or been dropped. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** Cancels waiting retries; invocations already running finish. */
  close(): void {
    this.#closed = true;
    for (const [timer, wake] of this.#timers) {
      clearTimeout(timer);
      wake();
    }
    this.#timers.clear();
  }

  async #run(functionRef: string, event: unknown, requestId: string): Promise<void> {
    const delays = this.#options.retryDelaysMs ?? LAMBDA_ASYNC_RETRY_DELAYS_MS;
    const log = (line: Omit<AsyncInvocationLog, 'functionRef' | 'requestId'>) =>
      this.#options.onEvent?.({ functionRef, requestId, ...line });
    for (let attempt = 0; !this.#closed; attempt++) {
      let error: string;
      try {
        const result = await this.#options.target.invoke(functionRef, event, { requestId });
        if (result.ok) return log({ outcome: 'succeeded', attempt });
        if (result.error.errorType === CLOSED_ERROR.errorType) return;
        error = `${result.error.errorType}: ${result.error.errorMessage}`;
      } catch (thrown) {
        // The function is gone (only possible if the runtime changed under us): nothing to retry.
        return log({ outcome: 'dropped', attempt, error: String(thrown) });
      }
      const delay = delays[attempt];
      if (delay === undefined) return log({ outcome: 'dropped', attempt, error });
      log({ outcome: 'retrying', attempt, error });
      await this.#sleep(delay);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.set(timer, resolve);
    });
  }
}
