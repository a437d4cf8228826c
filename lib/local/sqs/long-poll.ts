import type { Clock } from '../clock.ts';
import type { StoredMessage } from './message.ts';
import type { LocalSqsQueue, ReceiveInput } from './queue.ts';

/**
 * A receive that waits up to `waitMs` for a message (SQS long polling): it answers as soon as at least
 * one message can be taken, with what is there then; empty when the wait ends, the queue closes or
 * `signal` aborts.
 */
export function receiveWaiting(
  queue: LocalSqsQueue,
  input: ReceiveInput,
  waitMs: number,
  clock: Clock,
  signal?: AbortSignal,
): Promise<StoredMessage[]> {
  const first = queue.closed || signal?.aborted ? [] : queue.receive(input);
  if (first.length > 0 || waitMs <= 0 || queue.closed || signal?.aborted) return Promise.resolve(first);
  return new Promise((resolve) => {
    let done = false;
    const finish = (messages: StoredMessage[]): void => {
      if (done) return;
      done = true;
      unsubscribe();
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(messages);
    };
    const onAbort = (): void => finish([]);
    const unsubscribe = queue.onAvailable(() => {
      if (queue.closed) return finish([]);
      const messages = queue.receive(input);
      if (messages.length > 0) finish(messages);
    });
    const timer = clock.setTimeout(() => finish([]), waitMs);
    signal?.addEventListener('abort', onAbort);
  });
}
