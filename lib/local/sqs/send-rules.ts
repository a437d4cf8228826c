import type { Clock } from '../clock.ts';
import type { QueueSettings } from '../topology.ts';
import { invalidParameter, SqsError } from './errors.ts';
import { messageSize, sha256Hex } from './message.ts';
import type { SendInput, SendResult } from './queue.ts';

/** FIFO deduplication interval: a repeated id within it is accepted and not delivered. */
export const DEDUP_INTERVAL_MS = 5 * 60 * 1000;
const MAX_DELAY_SECONDS = 900;
/** MessageGroupId / MessageDeduplicationId: ≤ 128 of alphanumerics and punctuation. */
const FIFO_ID = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;

export interface CheckedSend {
  readonly delaySeconds: number;
  readonly dedupId: string | undefined;
  readonly dedupKey: string | undefined;
  /** Set when the send repeats a deduplication id seen in the last 5 minutes: answer this, enqueue nothing. */
  readonly duplicateOf?: SendResult;
}

/**
 * What a send must satisfy beyond its shape, per queue type: size, delay (never per message on FIFO),
 * group and deduplication ids (FIFO only), and FIFO's 5-minute deduplication and sequence numbers.
 */
export class SendRules {
  readonly #seen = new Map<string, { result: SendResult; expiresAt: number }>();
  #sequence = 10_000_000_000_000_000_000n;

  constructor(
    private readonly settings: QueueSettings,
    private readonly clock: Clock,
  ) {}

  check(input: SendInput, now: number): CheckedSend {
    const size = messageSize(input.body, input.attributes ?? {});
    if (size > this.settings.maximumMessageSize) {
      throw invalidParameter(
        'MessageBody',
        `${size} bytes`,
        `Message must be shorter than ${this.settings.maximumMessageSize} bytes.`,
      );
    }
    return this.settings.fifo ? this.#checkFifo(input, now) : this.#checkStandard(input);
  }

  #checkStandard(input: SendInput): CheckedSend {
    if (input.dedupId !== undefined) {
      throw invalidParameter(
        'MessageDeduplicationId',
        input.dedupId,
        'The request includes a parameter that is not valid for this queue type.',
      );
    }
    if (input.groupId !== undefined && !FIFO_ID.test(input.groupId)) {
      throw invalidParameter(
        'MessageGroupId',
        input.groupId,
        'up to 128 alphanumeric or punctuation characters',
      );
    }
    const delay = input.delaySeconds ?? this.settings.delaySeconds;
    if (!Number.isInteger(delay) || delay < 0 || delay > MAX_DELAY_SECONDS) {
      throw invalidParameter('DelaySeconds', delay, `must be an integer from 0 to ${MAX_DELAY_SECONDS}.`);
    }
    return { delaySeconds: delay, dedupId: undefined, dedupKey: undefined };
  }

  #checkFifo(input: SendInput, now: number): CheckedSend {
    if (input.delaySeconds !== undefined) {
      throw invalidParameter(
        'DelaySeconds',
        input.delaySeconds,
        'The request includes a parameter that is not valid for this queue type: FIFO queues do not support per-message delays.',
      );
    }
    if (input.groupId === undefined) {
      throw new SqsError('MissingParameter', 'The request must contain the parameter MessageGroupId.');
    }
    if (!FIFO_ID.test(input.groupId)) {
      throw invalidParameter(
        'MessageGroupId',
        input.groupId,
        'up to 128 alphanumeric or punctuation characters',
      );
    }
    const dedupId =
      input.dedupId ?? (this.settings.contentBasedDeduplication ? sha256Hex(input.body) : undefined);
    if (dedupId === undefined) {
      throw new SqsError(
        'InvalidParameterValue',
        'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      );
    }
    if (!FIFO_ID.test(dedupId)) {
      throw invalidParameter(
        'MessageDeduplicationId',
        dedupId,
        'up to 128 alphanumeric or punctuation characters',
      );
    }
    const dedupKey =
      this.settings.deduplicationScope === 'messageGroup' ? `${input.groupId}\u0000${dedupId}` : dedupId;
    const seen = this.#seen.get(dedupKey);
    const duplicateOf = seen && seen.expiresAt > now ? seen.result : undefined;
    return {
      delaySeconds: this.settings.delaySeconds,
      dedupId,
      dedupKey,
      ...(duplicateOf ? { duplicateOf } : {}),
    };
  }

  /** Starts the deduplication interval of a message just enqueued (FIFO only). */
  remember(dedupKey: string | undefined, result: SendResult, now: number): void {
    if (dedupKey === undefined) return;
    for (const [key, entry] of this.#seen) if (entry.expiresAt <= now) this.#seen.delete(key);
    this.#seen.set(dedupKey, { result, expiresAt: now + DEDUP_INTERVAL_MS });
  }

  /** A 20-digit number, larger for every message (SQS's are not consecutive either). */
  nextSequenceNumber(): string {
    this.#sequence += 1n + BigInt(this.clock.now() % 7);
    return this.#sequence.toString();
  }
}
