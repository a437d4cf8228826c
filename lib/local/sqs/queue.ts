import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../clock.ts';
import type { QueueSettings } from '../topology.ts';
import { SqsError } from './errors.ts';
import {
  isReceiptHandle,
  type MessageAttributes,
  md5Hex,
  md5OfAttributes,
  newReceiptHandle,
  type StoredMessage,
} from './message.ts';
import { SendRules } from './send-rules.ts';

const PURGE_INTERVAL_MS = 60_000;

export interface SendInput {
  readonly body: string;
  readonly attributes?: MessageAttributes;
  readonly delaySeconds?: number;
  readonly groupId?: string;
  readonly dedupId?: string;
  readonly senderId?: string;
}

export interface SendResult {
  readonly messageId: string;
  readonly md5OfBody: string;
  readonly md5OfAttributes: string | undefined;
  readonly sequenceNumber: string | undefined;
}

export interface ReceiveInput {
  /** 1–10. */
  readonly max: number;
  /** Seconds; the queue's VisibilityTimeout when absent. */
  readonly visibilityTimeout?: number;
}

export interface QueueCounts {
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
}

export interface LocalSqsQueueOptions {
  readonly name: string;
  readonly arn: string;
  readonly url: string;
  readonly settings: QueueSettings;
  readonly clock?: Clock;
  /** Receives a message that passed maxReceiveCount; the broker moves it to the dead-letter queue. */
  readonly deadLetter?: (message: StoredMessage) => void;
}

/**
 * One SQS queue in memory. Messages keep their send order; a message is delayed or in flight until its
 * `visibleAt`, and visible after. Standard queues return visible messages in that order; FIFO queues
 * return a group's messages in order and none of a group while one of its messages is in flight or
 * delayed. A receive that would pass maxReceiveCount moves the message to the dead-letter queue instead
 * (as SQS does, at receive time). Timers come from the injected clock.
 */
export class LocalSqsQueue {
  readonly name: string;
  readonly arn: string;
  readonly url: string;
  readonly settings: QueueSettings;
  readonly #clock: Clock;
  readonly #deadLetter: ((message: StoredMessage) => void) | undefined;
  readonly #rules: SendRules;
  /** In send order (a Set keeps insertion order and deletes in constant time). */
  readonly #messages = new Set<StoredMessage>();
  readonly #byHandle = new Map<string, StoredMessage>();
  readonly #listeners = new Set<() => void>();
  #timer: { handle: unknown; at: number } | undefined;
  #closed = false;
  #purgedAt: number | undefined;
  readonly createdAt: number;

  constructor(options: LocalSqsQueueOptions) {
    this.name = options.name;
    this.arn = options.arn;
    this.url = options.url;
    this.settings = options.settings;
    this.#clock = options.clock ?? systemClock;
    this.#deadLetter = options.deadLetter;
    this.#rules = new SendRules(options.settings, this.#clock);
    this.createdAt = this.#clock.now();
  }

  get closed(): boolean {
    return this.#closed;
  }

  send(input: SendInput): SendResult {
    const now = this.#clock.now();
    const checked = this.#rules.check(input, now);
    const attributes = input.attributes ?? {};
    if (checked.duplicateOf) {
      // The first message's id and sequence number; the digests of what this request sent.
      return {
        ...checked.duplicateOf,
        md5OfBody: md5Hex(input.body),
        md5OfAttributes: md5OfAttributes(attributes),
      };
    }
    const message: StoredMessage = {
      messageId: randomUUID(),
      body: input.body,
      md5OfBody: md5Hex(input.body),
      attributes,
      md5OfAttributes: md5OfAttributes(attributes),
      senderId: input.senderId ?? 'AIDALOCALSENDER',
      groupId: input.groupId,
      dedupId: checked.dedupId,
      sequenceNumber: undefined,
      sentAt: now,
      visibleAt: now + checked.delaySeconds * 1000,
      receiveCount: 0,
      firstReceiveAt: undefined,
      receiptHandle: undefined,
      deadLetterSourceArn: undefined,
    };
    this.#enqueue(message, now);
    const result = {
      messageId: message.messageId,
      md5OfBody: message.md5OfBody,
      md5OfAttributes: message.md5OfAttributes,
      sequenceNumber: message.sequenceNumber,
    };
    this.#rules.remember(checked.dedupKey, result, now);
    return result;
  }

  /** Takes a message another queue dead-lettered (same id, body and attributes; receive count from 0). */
  adopt(message: StoredMessage, sourceArn: string): void {
    const now = this.#clock.now();
    this.#enqueue(
      {
        ...message,
        // SQS keeps a standard message's enqueue time in its dead-letter queue and resets a FIFO one's.
        sentAt: this.settings.fifo ? now : message.sentAt,
        visibleAt: now,
        receiveCount: 0,
        firstReceiveAt: undefined,
        receiptHandle: undefined,
        sequenceNumber: undefined,
        deadLetterSourceArn: sourceArn,
      },
      now,
    );
  }

  #enqueue(message: StoredMessage, now: number): void {
    if (this.settings.fifo) message.sequenceNumber = this.#rules.nextSequenceNumber();
    this.#messages.add(message);
    if (message.visibleAt <= now) this.#notify();
    else this.#arm();
  }

  /** Takes up to `max` visible messages now (no waiting); each gets a new receipt handle. */
  receive(input: ReceiveInput): StoredMessage[] {
    const now = this.#clock.now();
    this.#expire(now);
    const visibility = input.visibilityTimeout ?? this.settings.visibilityTimeout;
    const taken: StoredMessage[] = [];
    const blocked = new Set<string | undefined>();
    for (const message of this.#messages) {
      if (taken.length >= input.max) break;
      if (this.settings.fifo && blocked.has(message.groupId)) continue;
      if (message.visibleAt > now) {
        if (this.settings.fifo) blocked.add(message.groupId);
        continue;
      }
      if (this.#passedMaxReceives(message)) continue;
      this.#take(message, now, visibility);
      taken.push(message);
    }
    if (taken.length > 0) this.#arm();
    return taken;
  }

  #passedMaxReceives(message: StoredMessage): boolean {
    const redrive = this.settings.redrivePolicy;
    if (!redrive || !this.#deadLetter || message.receiveCount < redrive.maxReceiveCount) return false;
    this.#remove(message);
    this.#deadLetter(message);
    return true;
  }

  #take(message: StoredMessage, now: number, visibilitySeconds: number): void {
    if (message.receiptHandle) this.#byHandle.delete(message.receiptHandle);
    message.receiptHandle = newReceiptHandle();
    message.receiveCount += 1;
    message.firstReceiveAt ??= now;
    message.visibleAt = now + visibilitySeconds * 1000;
    this.#byHandle.set(message.receiptHandle, message);
  }

  /** Deletes the message a current receipt handle names; an outdated well-formed handle is accepted and does nothing. */
  delete(receiptHandle: string): void {
    const message = this.#current(receiptHandle);
    if (!message) return;
    this.#remove(message);
    // A FIFO group may have been waiting for this message.
    if (this.settings.fifo) this.#notify();
  }

  /** Makes an in-flight message visible `seconds` from now (0 = at once). */
  changeVisibility(receiptHandle: string, seconds: number): void {
    const message = this.#current(receiptHandle);
    const now = this.#clock.now();
    if (!message || message.visibleAt <= now) {
      throw new SqsError('MessageNotInflight', 'The message referred to is not in flight.');
    }
    message.visibleAt = now + seconds * 1000;
    if (seconds === 0) this.#notify();
    else this.#arm();
  }

  #current(receiptHandle: string): StoredMessage | undefined {
    if (!isReceiptHandle(receiptHandle)) {
      throw new SqsError(
        'ReceiptHandleIsInvalid',
        `The input receipt handle "${receiptHandle.slice(0, 100)}" is not a valid receipt handle.`,
      );
    }
    return this.#byHandle.get(receiptHandle);
  }

  #remove(message: StoredMessage): void {
    this.#messages.delete(message);
    if (message.receiptHandle) this.#byHandle.delete(message.receiptHandle);
  }

  /** Deletes every message; a second purge within 60 seconds is refused, as in SQS. */
  purge(): void {
    const now = this.#clock.now();
    if (this.#purgedAt !== undefined && now - this.#purgedAt < PURGE_INTERVAL_MS) {
      throw new SqsError(
        'PurgeQueueInProgress',
        `Only one PurgeQueue operation on ${this.name} is allowed every 60 seconds.`,
      );
    }
    this.#purgedAt = now;
    this.#messages.clear();
    this.#byHandle.clear();
    this.#arm();
  }

  counts(): QueueCounts {
    const now = this.#clock.now();
    this.#expire(now);
    let visible = 0;
    let inFlight = 0;
    for (const message of this.#messages) {
      if (message.visibleAt <= now) visible++;
      else if (message.receiveCount > 0) inFlight++;
    }
    return { visible, inFlight, delayed: this.#messages.size - visible - inFlight };
  }

  /** Drops messages older than MessageRetentionPeriod. */
  #expire(now: number): void {
    const limit = now - this.settings.messageRetentionPeriod * 1000;
    for (const message of this.#messages) if (message.sentAt <= limit) this.#remove(message);
  }

  /**
   * Calls `listener` whenever messages may have become receivable: a send, a delay or visibility
   * timeout running out, a FIFO group freed, the queue closing. Returns the unsubscribe function.
   */
  onAvailable(listener: () => void): () => void {
    this.#listeners.add(listener);
    this.#arm();
    return () => {
      this.#listeners.delete(listener);
      this.#arm();
    };
  }

  /** Wakes every waiting receive (they return empty) and stops the timer. */
  close(): void {
    this.#closed = true;
    this.#notify();
    this.#listeners.clear();
    this.#arm();
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
    this.#arm();
  }

  /** One timer, at the earliest future `visibleAt`, while someone is waiting. */
  #arm(): void {
    const now = this.#clock.now();
    let next = Number.POSITIVE_INFINITY;
    if (this.#listeners.size > 0 && !this.#closed) {
      for (const message of this.#messages)
        if (message.visibleAt > now && message.visibleAt < next) next = message.visibleAt;
    }
    if (this.#timer && this.#timer.at === next) return;
    if (this.#timer) this.#clock.clearTimeout(this.#timer.handle);
    this.#timer = undefined;
    if (next === Number.POSITIVE_INFINITY) return;
    const handle = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#notify();
    }, next - now);
    this.#timer = { handle, at: next };
  }
}
