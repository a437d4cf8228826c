import { describe, expect, it } from 'vitest';
import { DeadLetterStore } from '#lib/local/eventbridge/dead-letters.ts';
import { type DeliveryLog, TargetDelivery } from '#lib/local/eventbridge/delivery.ts';
import type { BusEvent } from '#lib/local/eventbridge/input.ts';
import { SqsBroker } from '#lib/local/sqs/broker.ts';
import type { LocalRule, LocalTarget } from '#lib/local/topology.ts';
import { queueDef } from '../sqs/support.ts';

const EVENT: BusEvent = {
  version: '0',
  id: '5f0f3a4c-9a51-4b8e-8d0f-2c0b1f6f2a10',
  'detail-type': 'Signal',
  source: 'vigil.ingest',
  account: '000000000000',
  time: '2026-11-27T09:26:53Z',
  region: 'us-east-1',
  resources: [],
  detail: { id: 'sig-1', state: 'open' },
};

function setup(queueName: string, extra: Partial<LocalTarget> = {}) {
  const broker = new SqsBroker();
  const queue = broker.add(queueDef(queueName));
  const target: LocalTarget = {
    id: 'Queue',
    arn: queue.arn,
    kind: 'sqs',
    resourceId: 'QueueLogicalId',
    retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
    deadLetterArn: 'arn:aws:sqs:us-east-1:000000000000:rule-dlq',
    ...extra,
  };
  const rule: LocalRule = {
    logicalId: 'ToQueue',
    name: 'ToQueue',
    arn: 'arn:aws:events:us-east-1:000000000000:rule/vigil/ToQueue',
    busName: 'vigil',
    eventPattern: { source: ['vigil.ingest'] },
    enabled: true,
    targets: [target],
  };
  const log: DeliveryLog[] = [];
  const deadLetters = new DeadLetterStore(undefined);
  const delivery = new TargetDelivery({
    invoker: { invoke: () => Promise.reject(new Error('no functions here')) },
    deadLetters,
    outputDir: undefined,
    queues: broker,
    onEvent: (line) => log.push(line),
  });
  return { queue, rule, target, delivery, log, deadLetters };
}

describe('Function: sendToQueue (rule targets that are SQS queues)', () => {
  it('sends the whole event as JSON to a standard queue', async () => {
    // Prepare
    const { queue, rule, target, delivery } = setup('events');

    // Act
    delivery.dispatch(EVENT, rule, target);
    await delivery.idle();

    // Assess
    const [message] = queue.receive({ max: 10 });
    expect(JSON.parse(message?.body ?? '')).toEqual(EVENT);
  });

  it('sends the transformed input, and a text input as it is', async () => {
    const { queue, rule, target, delivery } = setup('events', {
      inputTransformer: { inputPathsMap: { state: '$.detail.state' }, inputTemplate: '"signal is <state>"' },
    });

    delivery.dispatch(EVENT, rule, target);
    await delivery.idle();

    expect(queue.receive({ max: 1 })[0]?.body).toBe('signal is open');
  });

  it('puts messages to a FIFO queue in the target message group', async () => {
    const { queue, rule, target, delivery } = setup('events.fifo', { messageGroupId: 'signals' });

    delivery.dispatch(EVENT, rule, target);
    await delivery.idle();

    expect(queue.receive({ max: 1 })[0]?.groupId).toBe('signals');
  });

  it('dead-letters an event for a FIFO queue target without a message group', async () => {
    const { queue, rule, target, delivery, log, deadLetters } = setup('events.fifo');

    delivery.dispatch(EVENT, rule, target);
    await delivery.idle();

    expect(queue.counts().visible).toBe(0);
    expect(log.map((line) => line.outcome)).toEqual(['dead-lettered']);
    expect(deadLetters.list()[0]?.errorCode).toBe('SQS_PARAMETERS');
  });
});
