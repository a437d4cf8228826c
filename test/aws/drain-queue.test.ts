import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delaySecondsFor, drainScheduler } from '#lib/aws/drain-queue.ts';
import { type Clock, systemClock } from '#lib/local/clock.ts';
import { localSqs, queueDef } from '../local/sqs/support.ts';

describe('Function: delaySecondsFor', () => {
  it.each([
    [2_000, 2],
    [1_500, 2],
    [1, 1],
    [0, 0],
    [60_000, 60],
    [3_600_000, 900],
  ])('delays a head due in %i ms by %i s: rounded up, never early, at most 900', (ms, seconds) => {
    expect(delaySecondsFor(ms)).toBe(seconds);
  });
});

describe('Function: drainScheduler (the local SQS, a hand-moved clock)', () => {
  let now = Date.parse('2026-11-27T10:00:00.000Z');
  const clock: Clock = { ...systemClock, now: () => now };
  let client: SQSClient;
  let close: () => Promise<void>;
  let url: string;

  beforeAll(async () => {
    const sqs = await localSqs({ clock });
    ({ client, close } = sqs);
    url = sqs.broker.add(queueDef('drain', {}, sqs.server.endpoint)).url;
  });

  afterAll(() => close());

  it('sends one message naming the module, hidden until the head is due', async () => {
    // Prepare
    const receive = () => client.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 0 }));

    // Act
    await drainScheduler(client, url)('pump-7', 1_500);

    // Assess
    expect((await receive()).Messages).toBeUndefined();
    now += 1_999;
    expect((await receive()).Messages).toBeUndefined();
    now += 1;
    const { Messages } = await receive();
    expect(Messages?.map((m) => JSON.parse(m.Body ?? ''))).toEqual([{ module: 'pump-7' }]);
  });
});
