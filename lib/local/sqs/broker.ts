import { type Clock, systemClock } from '../clock.ts';
import type { LocalQueue } from '../topology.ts';
import { queueDoesNotExist } from './errors.ts';
import type { StoredMessage } from './message.ts';
import { LocalSqsQueue } from './queue.ts';

export interface SqsBrokerOptions {
  readonly clock?: Clock;
  /** Told about every message moved to a dead-letter queue, or kept because its DLQ is not local. */
  readonly onDeadLetter?: (line: { queue: string; messageId: string; deadLetterQueue?: string }) => void;
}

/**
 * The local SQS service: every queue of the template, found by URL, name or ARN, with redrive between
 * them. A queue URL is matched on its last path segment (the name), whatever host it names, so
 * `localhost` and `127.0.0.1` spellings of the endpoint both work.
 */
export class SqsBroker {
  readonly clock: Clock;
  readonly #byName = new Map<string, LocalSqsQueue>();
  readonly #byArn = new Map<string, LocalSqsQueue>();
  readonly #options: SqsBrokerOptions;

  constructor(options: SqsBrokerOptions = {}) {
    this.#options = options;
    this.clock = options.clock ?? systemClock;
  }

  add(queue: LocalQueue): LocalSqsQueue {
    const local = new LocalSqsQueue({
      name: queue.name,
      arn: queue.arn,
      url: queue.url,
      settings: queue.settings,
      clock: this.clock,
      deadLetter: (message) => this.#deadLetter(local, message),
    });
    this.#byName.set(queue.name, local);
    this.#byArn.set(queue.arn, local);
    return local;
  }

  queues(): LocalSqsQueue[] {
    return [...this.#byName.values()];
  }

  /** The queue a QueueUrl names; `QueueDoesNotExist` otherwise. */
  byUrl(url: unknown): LocalSqsQueue {
    if (typeof url !== 'string') throw queueDoesNotExist();
    const name = url.replace(/\/+$/, '').split('/').pop() ?? '';
    return this.byName(name);
  }

  byName(name: string): LocalSqsQueue {
    const queue = this.#byName.get(name);
    if (!queue) throw queueDoesNotExist();
    return queue;
  }

  byArn(arn: string): LocalSqsQueue | undefined {
    return this.#byArn.get(arn);
  }

  /** Wakes every waiting receive; the queues answer nothing after this. */
  close(): void {
    for (const queue of this.#byName.values()) queue.close();
  }

  #deadLetter(source: LocalSqsQueue, message: StoredMessage): void {
    const target = source.settings.redrivePolicy?.deadLetterTargetArn;
    const queue = target === undefined ? undefined : this.#byArn.get(target);
    queue?.adopt(message, source.arn);
    this.#options.onDeadLetter?.({
      queue: source.name,
      messageId: message.messageId,
      ...(queue ? { deadLetterQueue: queue.name } : {}),
    });
  }
}
