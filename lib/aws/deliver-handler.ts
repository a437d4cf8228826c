import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Log } from '#lib/core/ingest/ports.ts';
import {
  type AttemptResult,
  type DeliveryMessage,
  type DeliveryRecord,
  decideAfterAttempt,
  deliveryMessageSchema,
  sqsDelayFor,
} from '#lib/core/subscriptions/delivery.ts';
import { deliveryBody } from '#lib/core/subscriptions/formats.ts';
import { type NotifyCheck, notifyCheckSchema } from '#lib/core/subscriptions/notify-check.ts';
import { DELIVERY_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from '#lib/core/subscriptions/signature.ts';
import { routingKeyOf, type Subscription } from '#lib/core/subscriptions/subscription.ts';
import type { DeliveryPatch } from './delivery-store.ts';
import type { SlotLease } from './in-flight-slots.ts';
import { type StoredSubscription, signingSecrets } from './subscription-store.ts';
import type { WebhookRequest } from './webhook.ts';

/** A delivery over `maxInFlight` waits this long before trying for a slot again (no attempt counted). */
export const SLOT_WAIT_SECONDS = 1;

export interface DeliverDeps {
  readonly subscriptions: { get(name: string): Promise<StoredSubscription | undefined> };
  readonly deliveries: {
    get(eventId: string, subscription: string, variant?: string): Promise<DeliveryRecord | undefined>;
    update(eventId: string, subscription: string, patch: DeliveryPatch, variant?: string): Promise<void>;
  };
  readonly slots: {
    acquire(subscription: string, maxInFlight: number, holder: string): Promise<SlotLease | undefined>;
    release(subscription: string, lease: SlotLease): Promise<void>;
  };
  /** Puts a message (back) on the delivery queue, hidden for `delaySeconds`. */
  readonly enqueue: (message: DeliveryMessage, delaySeconds: number) => Promise<void>;
  readonly post: (request: WebhookRequest) => Promise<AttemptResult>;
  readonly now: () => number;
  readonly random?: () => number;
  readonly timeoutMs: number;
  readonly log: Log;
  readonly deadLettered: (subscription: string) => void;
  /** Looks at an alert's notification plan (a `{kind: "notify"}` message on the same queue). */
  readonly checkNotify?: (check: NotifyCheck) => Promise<void>;
}

/** The signed request of one attempt: the body by the target's format, Vigil's headers, the target's own. */
export function webhookRequest(
  stored: StoredSubscription,
  record: DeliveryRecord,
  attempt: number,
  now: number,
  timeoutMs: number,
): WebhookRequest {
  const { subscription } = stored;
  const body = JSON.stringify(
    deliveryBody(
      subscription.target.format,
      record.event,
      {
        subscription: subscription.name,
        deliveryId: record.deliveryId,
        attempt,
        ...(record.reason ? { reason: record.reason } : {}),
      },
      { routingKey: routingKeyOf(subscription.target) },
    ),
  );
  const t = Math.floor(now / 1000);
  return {
    url: subscription.target.url,
    body,
    timeoutMs,
    headers: {
      ...subscription.target.headers,
      'content-type': 'application/json',
      'user-agent': 'Vigil-Webhooks/1',
      [DELIVERY_ID_HEADER]: record.deliveryId,
      [SIGNATURE_HEADER]: signatureHeader(signingSecrets(stored.secrets, now), t, body),
    },
  };
}

function patchOf(
  result: AttemptResult,
  status: DeliveryPatch['status'],
  attempt: number,
  at: number,
): DeliveryPatch {
  const httpStatus = result.ok
    ? result.status
    : result.failure.kind === 'status'
      ? result.failure.status
      : undefined;
  return {
    status,
    attempt,
    updatedAt: new Date(at).toISOString(),
    latencyMs: result.latencyMs,
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(result.ok ? {} : { lastError: result.error }),
  };
}

/** A delivery whose subscription was deleted: recorded as dead-lettered, never posted. */
function unsubscribed(record: DeliveryRecord, now: number): DeliveryPatch {
  return {
    status: 'dead-lettered',
    attempt: record.attempt,
    updatedAt: new Date(now).toISOString(),
    lastError: 'unsubscribed',
  };
}

/** Records an attempt's outcome, and re-enqueues the next attempt or dead-letters the delivery. */
async function settle(
  deps: DeliverDeps,
  record: DeliveryRecord,
  message: DeliveryMessage,
  sub: Subscription,
  result: AttemptResult,
) {
  const now = deps.now();
  const decision = decideAfterAttempt(message, result, sub.retryPolicy, now, deps.random);
  const patch = patchOf(result, decision.status, message.attempt, now);
  await deps.deliveries.update(record.eventId, sub.name, patch, record.variant);
  const context = { eventId: record.eventId, subscription: sub.name, deliveryId: record.deliveryId };
  deps.log.info(`delivery ${decision.status}`, {
    ...context,
    attempt: message.attempt,
    latencyMs: result.latencyMs,
  });
  if (decision.next) await deps.enqueue(decision.next, sqsDelayFor(decision.next.notBefore ?? now, now));
  if (decision.status === 'dead-lettered') {
    deps.deadLettered(sub.name);
    deps.log.warn('delivery dead-lettered', { ...context, reason: decision.deadLetterReason });
  }
}

/** One POST, inside one of the subscription's in-flight slots (none free: the message waits and comes back). */
async function attempt(
  deps: DeliverDeps,
  stored: StoredSubscription,
  record: DeliveryRecord,
  message: DeliveryMessage,
) {
  const sub = stored.subscription;
  const lease = await deps.slots.acquire(
    sub.name,
    sub.maxInFlight,
    `${record.deliveryId}#${message.attempt}`,
  );
  if (!lease) return deps.enqueue(message, SLOT_WAIT_SECONDS);
  let result: AttemptResult;
  try {
    result = await deps.post(webhookRequest(stored, record, message.attempt, deps.now(), deps.timeoutMs));
  } finally {
    await deps.slots.release(sub.name, lease);
  }
  await settle(deps, record, message, sub, result);
}

/** A delivery message: waits until its time, skips what is done, dead-letters an unsubscribed one, else attempts it. */
async function processMessage(deps: DeliverDeps, message: DeliveryMessage): Promise<void> {
  const now = deps.now();
  if (message.notBefore !== undefined && message.notBefore - now >= 1000)
    return deps.enqueue(message, sqsDelayFor(message.notBefore, now));
  const [stored, record] = await Promise.all([
    deps.subscriptions.get(message.subscription),
    deps.deliveries.get(message.eventId, message.subscription, message.variant),
  ]);
  // Delivered already, or a stale copy of an attempt made before (at-least-once queues).
  if (!record || record.status === 'delivered' || record.attempt >= message.attempt) return;
  if (!stored)
    return deps.deliveries.update(
      record.eventId,
      message.subscription,
      unsubscribed(record, now),
      record.variant,
    );
  await attempt(deps, stored, record, message);
}

/** A queue message's body: a notification-plan check, or a delivery. */
async function processBody(deps: DeliverDeps, body: unknown, messageId: string): Promise<void> {
  const check = notifyCheckSchema.safeParse(body);
  if (check.success && deps.checkNotify) return deps.checkNotify(check.data);
  const parsed = deliveryMessageSchema.safeParse(body);
  if (!parsed.success) return deps.log.error('delivery message refused', { messageId });
  await processMessage(deps, parsed.data);
}

/** One SQS record; false when it must come back (the batch reports it failed). */
async function processRecord(deps: DeliverDeps, record: SQSRecord): Promise<boolean> {
  try {
    await processBody(deps, JSON.parse(record.body), record.messageId);
    return true;
  } catch (error) {
    deps.log.error('delivery failed; the message comes back', {
      messageId: record.messageId,
      error: error as Error,
    });
    return false;
  }
}

/**
 * `functions/deliver`: each message of the batch is one attempt of one delivery, all run at once so a
 * slow receiver holds only its own. A failed attempt is recorded and, under the policy, re-enqueued
 * with its delay (never slept on); exhausted or not retryable, the record is dead-lettered. A
 * `{kind: "notify"}` message is a look at an alert's notification plan instead.
 */
export function createDeliverHandler(deps: DeliverDeps) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const outcomes = await Promise.all(
      event.Records.map(async (r) => ({ id: r.messageId, ok: await processRecord(deps, r) })),
    );
    return { batchItemFailures: outcomes.filter((o) => !o.ok).map((o) => ({ itemIdentifier: o.id })) };
  };
}
