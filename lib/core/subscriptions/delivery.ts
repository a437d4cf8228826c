import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import type { BusEvent } from './formats.ts';
import type { DeliveryStatus } from './outcome.ts';
import { type AttemptFailure, nextStep, type RetryPolicy } from './retry-policy.ts';

/** SQS's longest per-message delay: longer waits are carried as `notBefore` and delayed again. */
export const MAX_SQS_DELAY_SECONDS = 900;

/** One event × one subscription: what `GET …/deliveries` lists, and what redrive re-sends. */
export interface DeliveryRecord {
  readonly deliveryId: string;
  readonly eventId: string;
  readonly subscription: string;
  readonly status: DeliveryStatus;
  /** Attempts made so far (0 before the first). */
  readonly attempt: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly httpStatus?: number;
  readonly latencyMs?: number;
  readonly lastError?: string;
  /** Set on the extra deliveries of alert notifications: `repeat-<n>`, `escalation-<i>`. */
  readonly variant?: string;
  /** Why a notification delivery exists beyond matching: what the Slack and PagerDuty bodies say. */
  readonly reason?: 'repeat' | 'escalation';
  /** The event as the bus carried it: what every attempt and a redrive send. */
  readonly event: BusEvent;
}

/** The message on the delivery queue: which delivery, which attempt, not before when. */
export const deliveryMessageSchema = z.strictObject({
  deliveryId: z.string().check(z.minLength(1)),
  eventId: z.string().check(z.minLength(1)),
  subscription: z.string().check(z.minLength(1)),
  attempt: z.number().check(z.int(), z.gte(1)),
  /** A notification's record (the event × subscription record otherwise). */
  variant: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** Epoch ms; a message arriving earlier (a wait longer than SQS's 900 s) is delayed again. */
  notBefore: z.optional(z.number().check(z.int())),
});
export type DeliveryMessage = z.output<typeof deliveryMessageSchema>;

/**
 * The delivery id: the same for every attempt and redrive of one event × subscription, so receivers
 * can drop repeats by it, and a second dispatch of one bus event (at-least-once) finds the first.
 */
export function deliveryIdOf(eventId: string, subscription: string): string {
  const digest = createHash('sha256').update(`${eventId}\n${subscription}`).digest('hex');
  return `dlv_${digest.slice(0, 32)}`;
}

/** How long until `notBefore`, as the whole seconds SQS takes (never early, capped at 900 s). */
export function sqsDelayFor(notBefore: number, now: number): number {
  return Math.min(MAX_SQS_DELAY_SECONDS, Math.max(0, Math.ceil((notBefore - now) / 1000)));
}

export type AttemptResult =
  | { readonly ok: true; readonly status: number; readonly latencyMs: number }
  | {
      readonly ok: false;
      readonly failure: AttemptFailure;
      readonly latencyMs: number;
      readonly error: string;
    };

/** What follows an attempt: the record's new state and, for a retry, the next message. */
export interface AttemptDecision {
  readonly status: DeliveryStatus;
  readonly next?: DeliveryMessage;
  readonly deadLetterReason?: 'not-retryable' | 'attempts-exhausted';
}

/** After an attempt: delivered, retried after the policy's delay (as `notBefore`), or dead-lettered. */
export function decideAfterAttempt(
  message: DeliveryMessage,
  result: AttemptResult,
  policy: RetryPolicy,
  now: number,
  random: () => number = Math.random,
): AttemptDecision {
  if (result.ok) return { status: 'delivered' };
  const step = nextStep(message.attempt, result.failure, policy, random);
  if (step.kind === 'dead-letter') return { status: 'dead-lettered', deadLetterReason: step.reason };
  const { notBefore: _previous, ...rest } = message;
  return {
    status: 'retrying',
    next: { ...rest, attempt: step.attempt, notBefore: now + Math.round(step.delaySeconds * 1000) },
  };
}
