import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '#lib/local/clock.ts';
import { SqsBroker } from '#lib/local/sqs/broker.ts';
import { SqsError } from '#lib/local/sqs/errors.ts';
import { receiveWaiting } from '#lib/local/sqs/long-poll.ts';
import { queueDef } from './support.ts';

function errorCode(act: () => unknown): string | undefined {
  try {
    act();
  } catch (error) {
    if (error instanceof SqsError) return error.code;
    throw error;
  }
  return undefined;
}

describe('Class: LocalSqsQueue', () => {
  let broker: SqsBroker;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-27T10:00:00Z') });
    broker = new SqsBroker();
  });

  afterEach(() => {
    broker.close();
    vi.useRealTimers();
  });

  describe('standard queues', () => {
    it('hides a message for its delay, then returns it', () => {
      // Prepare
      const queue = broker.add(queueDef('orders', { delaySeconds: 5 }));
      queue.send({ body: 'a' });

      // Act
      const early = queue.receive({ max: 10 });
      vi.advanceTimersByTime(5_000);
      const late = queue.receive({ max: 10 });

      // Assess
      expect(early).toEqual([]);
      expect(late.map((m) => m.body)).toEqual(['a']);
      expect(queue.counts()).toEqual({ visible: 0, inFlight: 1, delayed: 0 });
    });

    it('lets a per-message delay override the queue delay', () => {
      const queue = broker.add(queueDef('orders', { delaySeconds: 60 }));
      queue.send({ body: 'now', delaySeconds: 0 });

      expect(queue.receive({ max: 10 }).map((m) => m.body)).toEqual(['now']);
    });

    it('makes a received message visible again after the visibility timeout, with a new handle', () => {
      // Prepare
      const queue = broker.add(queueDef('orders', { visibilityTimeout: 30 }));
      queue.send({ body: 'a' });
      const [first] = queue.receive({ max: 1 });
      const firstHandle = first?.receiptHandle as string;

      // Act
      vi.advanceTimersByTime(29_999);
      const hidden = queue.receive({ max: 1 });
      vi.advanceTimersByTime(1);
      const [again] = queue.receive({ max: 1 });

      // Assess
      expect(hidden).toEqual([]);
      expect(again?.receiveCount).toBe(2);
      expect(again?.receiptHandle).not.toBe(firstHandle);
      queue.delete(firstHandle); // outdated handle: accepted, does nothing
      expect(queue.counts().inFlight).toBe(1);
    });

    it('deletes a message by its current receipt handle', () => {
      const queue = broker.add(queueDef('orders', { visibilityTimeout: 1 }));
      queue.send({ body: 'a' });
      const [message] = queue.receive({ max: 1 });

      queue.delete(message?.receiptHandle as string);
      vi.advanceTimersByTime(5_000);

      expect(queue.receive({ max: 1 })).toEqual([]);
      expect(queue.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    });

    it('moves a message to the dead-letter queue once it was received maxReceiveCount times', () => {
      // Prepare
      const dlq = broker.add(queueDef('orders-dlq'));
      const queue = broker.add(
        queueDef('orders', {
          visibilityTimeout: 10,
          redrivePolicy: { deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 },
        }),
      );
      const { messageId } = queue.send({ body: 'poison' });

      // Act
      const receives = [];
      for (let i = 0; i < 3; i++) {
        receives.push(queue.receive({ max: 1 }).length);
        vi.advanceTimersByTime(10_000);
      }

      // Assess
      expect(receives).toEqual([1, 1, 0]);
      const [dead] = dlq.receive({ max: 1 });
      expect(dead?.messageId).toBe(messageId);
      expect(dead?.receiveCount).toBe(1);
      expect(dead?.deadLetterSourceArn).toBe(queue.arn);
    });

    it('changes the visibility of an in-flight message and refuses one not in flight', () => {
      const queue = broker.add(queueDef('orders', { visibilityTimeout: 30 }));
      queue.send({ body: 'a' });
      const [message] = queue.receive({ max: 1 });
      const handle = message?.receiptHandle as string;

      queue.changeVisibility(handle, 0);

      expect(queue.receive({ max: 1 })).toHaveLength(1);
      expect(errorCode(() => queue.changeVisibility(handle, 5))).toBe('MessageNotInflight');
      expect(errorCode(() => queue.delete('not a handle'))).toBe('ReceiptHandleIsInvalid');
    });

    it('drops messages older than the retention period', () => {
      const queue = broker.add(queueDef('orders', { messageRetentionPeriod: 60 }));
      queue.send({ body: 'a' });

      vi.advanceTimersByTime(60_000);

      expect(queue.receive({ max: 1 })).toEqual([]);
      expect(queue.counts().visible).toBe(0);
    });

    it('refuses a second purge within 60 seconds', () => {
      const queue = broker.add(queueDef('orders'));
      queue.send({ body: 'a' });

      queue.purge();

      expect(queue.counts().visible).toBe(0);
      expect(errorCode(() => queue.purge())).toBe('PurgeQueueInProgress');
      vi.advanceTimersByTime(60_000);
      expect(errorCode(() => queue.purge())).toBeUndefined();
    });
  });

  describe('FIFO queues', () => {
    it('returns a group in order and nothing more of it while one of its messages is in flight', () => {
      // Prepare
      const queue = broker.add(queueDef('jobs.fifo', { visibilityTimeout: 30 }));
      queue.send({ body: 'a1', groupId: 'a' });
      queue.send({ body: 'b1', groupId: 'b' });
      queue.send({ body: 'a2', groupId: 'a' });

      // Act
      const [first] = queue.receive({ max: 1 });
      const second = queue.receive({ max: 10 });
      queue.delete(first?.receiptHandle as string);
      const third = queue.receive({ max: 10 });

      // Assess
      expect(first?.body).toBe('a1');
      expect(second.map((m) => m.body)).toEqual(['b1']);
      expect(third.map((m) => m.body)).toEqual(['a2']);
    });

    it('returns as many messages of one group as asked, in order, with increasing sequence numbers', () => {
      const queue = broker.add(queueDef('jobs.fifo'));
      for (const body of ['1', '2', '3']) queue.send({ body, groupId: 'g' });

      const messages = queue.receive({ max: 10 });

      expect(messages.map((m) => m.body)).toEqual(['1', '2', '3']);
      const sequence = messages.map((m) => BigInt(m.sequenceNumber as string));
      expect((sequence[0] as bigint) < (sequence[1] as bigint)).toBe(true);
      expect(messages[0]?.sequenceNumber).toMatch(/^\d{20}$/);
    });

    it('accepts a duplicate within 5 minutes without delivering it, and delivers it after', () => {
      // Prepare
      const queue = broker.add(queueDef('jobs.fifo'));
      const first = queue.send({ body: 'same', groupId: 'g' });

      // Act
      const duplicate = queue.send({ body: 'same', groupId: 'g' });
      const explicit = queue.send({ body: 'other', groupId: 'g', dedupId: 'id-1' });
      const explicitAgain = queue.send({ body: 'different body', groupId: 'g', dedupId: 'id-1' });
      vi.advanceTimersByTime(5 * 60_000);
      const later = queue.send({ body: 'same', groupId: 'g' });

      // Assess
      expect(duplicate.messageId).toBe(first.messageId);
      expect(explicitAgain.messageId).toBe(explicit.messageId);
      expect(later.messageId).not.toBe(first.messageId);
      expect(queue.receive({ max: 10 }).map((m) => m.body)).toEqual(['same', 'other', 'same']);
    });

    it('refuses a per-message delay, a missing group and a missing deduplication id', () => {
      const queue = broker.add(queueDef('jobs.fifo'));
      const noDedup = broker.add(queueDef('plain.fifo', { contentBasedDeduplication: false }));

      expect(errorCode(() => queue.send({ body: 'a', groupId: 'g', delaySeconds: 5 }))).toBe(
        'InvalidParameterValue',
      );
      expect(errorCode(() => queue.send({ body: 'a' }))).toBe('MissingParameter');
      expect(errorCode(() => noDedup.send({ body: 'a', groupId: 'g' }))).toBe('InvalidParameterValue');
    });

    it('keeps a failing message at the head of its group until it is dead-lettered', () => {
      const dlq = broker.add(queueDef('jobs-dlq.fifo'));
      const queue = broker.add(
        queueDef('jobs.fifo', {
          visibilityTimeout: 10,
          redrivePolicy: { deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 },
        }),
      );
      queue.send({ body: 'bad', groupId: 'g' });
      queue.send({ body: 'next', groupId: 'g' });

      const first = queue.receive({ max: 1 });
      vi.advanceTimersByTime(10_000);
      const afterTimeout = queue.receive({ max: 1 });

      expect(first.map((m) => m.body)).toEqual(['bad']);
      expect(afterTimeout.map((m) => m.body)).toEqual(['next']);
      expect(dlq.receive({ max: 1 }).map((m) => m.body)).toEqual(['bad']);
    });
  });

  describe('long polling', () => {
    it('answers a waiting receive as soon as a message arrives', async () => {
      // Prepare
      const queue = broker.add(queueDef('orders'));
      const waiting = receiveWaiting(queue, { max: 10 }, 20_000, systemClock);

      // Act
      vi.advanceTimersByTime(3_000);
      queue.send({ body: 'late' });

      // Assess
      expect((await waiting).map((m) => m.body)).toEqual(['late']);
    });

    it('answers when a delayed message becomes visible during the wait', async () => {
      const queue = broker.add(queueDef('orders', { delaySeconds: 4 }));
      queue.send({ body: 'delayed' });
      const waiting = receiveWaiting(queue, { max: 10 }, 20_000, systemClock);

      await vi.advanceTimersByTimeAsync(4_000);

      expect((await waiting).map((m) => m.body)).toEqual(['delayed']);
    });

    it('answers empty when the wait ends, and when the queue closes', async () => {
      const queue = broker.add(queueDef('orders'));
      const timedOut = receiveWaiting(queue, { max: 10 }, 20_000, systemClock);
      await vi.advanceTimersByTimeAsync(20_000);
      const closing = receiveWaiting(queue, { max: 10 }, 20_000, systemClock);

      broker.close();

      expect(await timedOut).toEqual([]);
      expect(await closing).toEqual([]);
    });
  });
});
