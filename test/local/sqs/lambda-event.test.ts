import { describe, expect, it } from 'vitest';
import { SqsBroker } from '#lib/local/sqs/broker.ts';
import { failedMessages, sqsEvent } from '#lib/local/sqs/lambda-event.ts';
import { queueDef } from './support.ts';

function batchOf(names: readonly string[], fifo = false) {
  const broker = new SqsBroker();
  const queue = broker.add(queueDef(fifo ? 'q.fifo' : 'q'));
  for (const body of names) queue.send({ body, ...(fifo ? { groupId: 'g' } : {}) });
  return { queue, batch: queue.receive({ max: 10 }) };
}

describe('Function: failedMessages', () => {
  const { batch } = batchOf(['a', 'b', 'c']);
  const ids = batch.map((m) => m.messageId);
  const bodies = (list: readonly { body: string }[]) => list.map((m) => m.body);

  it('fails the whole batch when the invocation failed', () => {
    expect(bodies(failedMessages(batch, { ok: false }, true, false))).toEqual(['a', 'b', 'c']);
  });

  it('succeeds the whole batch without ReportBatchItemFailures, whatever the answer', () => {
    expect(
      failedMessages(
        batch,
        { ok: true, payload: { batchItemFailures: [{ itemIdentifier: ids[0] }] } },
        false,
        false,
      ),
    ).toEqual([]);
  });

  it.each([undefined, null, {}, { batchItemFailures: [] }, { batchItemFailures: null }])(
    'succeeds everything for the answer %j',
    (payload) => {
      expect(failedMessages(batch, { ok: true, payload }, true, false)).toEqual([]);
    },
  );

  it('fails only the reported messages', () => {
    const payload = { batchItemFailures: [{ itemIdentifier: ids[1] }] };

    expect(bodies(failedMessages(batch, { ok: true, payload }, true, false))).toEqual(['b']);
  });

  it.each([
    ['a string answer', 'oops'],
    ['an empty identifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a wrong key', { batchItemFailures: [{ itemId: 'x' }] }],
    ['an id not in the batch', { batchItemFailures: [{ itemIdentifier: 'elsewhere' }] }],
    ['a list that is not a list', { batchItemFailures: 'all' }],
  ])('fails the whole batch for %s', (_what, payload) => {
    expect(failedMessages(batch, { ok: true, payload }, true, false)).toHaveLength(3);
  });

  it('on FIFO, fails every message after the first reported one', () => {
    const fifo = batchOf(['a', 'b', 'c'], true).batch;
    const payload = { batchItemFailures: [{ itemIdentifier: fifo[1]?.messageId }] };

    expect(bodies(failedMessages(fifo, { ok: true, payload }, true, true))).toEqual(['b', 'c']);
  });
});

describe('Function: sqsEvent', () => {
  it('builds the records Lambda sends, attribute values as strings', () => {
    // Prepare
    const broker = new SqsBroker();
    const queue = broker.add(queueDef('q.fifo'));
    queue.send({ body: 'x', groupId: 'g', attributes: { kind: { DataType: 'String', StringValue: 'k' } } });
    const batch = queue.receive({ max: 1 });

    // Act
    const event = sqsEvent(queue, batch, 'us-east-1');

    // Assess
    expect(event.Records[0]).toMatchObject({
      messageId: batch[0]?.messageId,
      receiptHandle: batch[0]?.receiptHandle,
      body: 'x',
      attributes: {
        ApproximateReceiveCount: '1',
        MessageGroupId: 'g',
        SequenceNumber: expect.stringMatching(/^\d{20}$/),
      },
      messageAttributes: {
        kind: { stringValue: 'k', stringListValues: [], binaryListValues: [], dataType: 'String' },
      },
      md5OfBody: '9dd4e461268c8034f5c8564e155c67a6',
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: 'us-east-1',
    });
  });
});
