import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  PurgeQueueCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
  type SQSServiceException,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsBroker } from '#lib/local/sqs/broker.ts';
import { type LocalSqsServer, startLocalSqs } from '#lib/local/sqs/server.ts';
import { localSqs, queueDef } from './support.ts';

describe('Function: startLocalSqs (through @aws-sdk/client-sqs)', () => {
  let broker: SqsBroker;
  let server: LocalSqsServer;
  let client: SQSClient;
  let close: () => Promise<void>;
  let standardUrl: string;
  let fifoUrl: string;

  beforeAll(async () => {
    ({ broker, server, client, close } = await localSqs());
    const dlq = broker.add(queueDef('wire-dlq', {}, server.endpoint));
    standardUrl = broker.add(
      queueDef(
        'wire',
        { redrivePolicy: { deadLetterTargetArn: dlq.arn, maxReceiveCount: 3 } },
        server.endpoint,
      ),
    ).url;
    fifoUrl = broker.add(queueDef('wire.fifo', {}, server.endpoint)).url;
  });

  afterAll(() => close());

  it('sends, receives with attributes and deletes a message', async () => {
    // Prepare
    const sent = await client.send(
      new SendMessageCommand({
        QueueUrl: standardUrl,
        MessageBody: '{"hello":"world"}',
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'greeting' },
          blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
        },
      }),
    );

    // Act
    const received = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: standardUrl,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    const message = received.Messages?.[0];
    await client.send(
      new DeleteMessageCommand({ QueueUrl: standardUrl, ReceiptHandle: message?.ReceiptHandle }),
    );

    // Assess
    expect(message?.MessageId).toBe(sent.MessageId);
    expect(message?.Body).toBe('{"hello":"world"}');
    expect(message?.Attributes?.ApproximateReceiveCount).toBe('1');
    expect(message?.MessageAttributes?.kind?.StringValue).toBe('greeting');
    expect([...(message?.MessageAttributes?.blob?.BinaryValue ?? [])]).toEqual([1, 2, 3]);
    expect(message?.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    const attributes = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: standardUrl, AttributeNames: ['All'] }),
    );
    expect(attributes.Attributes?.ApproximateNumberOfMessages).toBe('0');
    expect(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible).toBe('0');
  });

  it('answers a long poll as soon as a message is sent', async () => {
    const waiting = client.send(new ReceiveMessageCommand({ QueueUrl: standardUrl, WaitTimeSeconds: 20 }));

    await client.send(new SendMessageCommand({ QueueUrl: standardUrl, MessageBody: 'wake up' }));
    const received = await waiting;

    expect(received.Messages?.map((m) => m.Body)).toEqual(['wake up']);
    await client.send(
      new DeleteMessageCommand({
        QueueUrl: standardUrl,
        ReceiptHandle: received.Messages?.[0]?.ReceiptHandle,
      }),
    );
  });

  it('answers a batch entry by entry and deletes in batches', async () => {
    // Act
    const sent = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: standardUrl,
        Entries: [
          { Id: 'ok', MessageBody: 'one' },
          { Id: 'late', MessageBody: 'two', DelaySeconds: 900 },
          { Id: 'bad', MessageBody: 'three', DelaySeconds: 901 },
        ],
      }),
    );
    const received = await client.send(
      new ReceiveMessageCommand({ QueueUrl: standardUrl, MaxNumberOfMessages: 10 }),
    );
    const deleted = await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: standardUrl,
        Entries: (received.Messages ?? []).map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle })),
      }),
    );

    // Assess
    expect(sent.Successful?.map((e) => e.Id)).toEqual(['ok', 'late']);
    expect(sent.Failed).toEqual([
      expect.objectContaining({ Id: 'bad', Code: 'InvalidParameterValue', SenderFault: true }),
    ]);
    expect(received.Messages?.map((m) => m.Body)).toEqual(['one']);
    expect(deleted.Successful).toHaveLength(1);
    const counts = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: standardUrl,
        AttributeNames: ['ApproximateNumberOfMessagesDelayed'],
      }),
    );
    expect(counts.Attributes).toEqual({ ApproximateNumberOfMessagesDelayed: '1' });
    await client.send(new PurgeQueueCommand({ QueueUrl: standardUrl }));
  });

  it('keeps FIFO order per group and answers a duplicate with the first message id', async () => {
    const first = await client.send(
      new SendMessageCommand({ QueueUrl: fifoUrl, MessageBody: 'a1', MessageGroupId: 'a' }),
    );
    const again = await client.send(
      new SendMessageCommand({ QueueUrl: fifoUrl, MessageBody: 'a1', MessageGroupId: 'a' }),
    );
    await client.send(new SendMessageCommand({ QueueUrl: fifoUrl, MessageBody: 'a2', MessageGroupId: 'a' }));
    // Same deduplication id, another body: accepted (the SDK checks the body digest), not delivered.
    const sameId = await client.send(
      new SendMessageCommand({
        QueueUrl: fifoUrl,
        MessageBody: 'a3',
        MessageGroupId: 'a',
        MessageDeduplicationId: 'dedup-1',
      }),
    );
    const sameIdAgain = await client.send(
      new SendMessageCommand({
        QueueUrl: fifoUrl,
        MessageBody: 'other body',
        MessageGroupId: 'a',
        MessageDeduplicationId: 'dedup-1',
      }),
    );

    const received = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: fifoUrl,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['All'],
      }),
    );

    expect(again.MessageId).toBe(first.MessageId);
    expect(first.SequenceNumber).toMatch(/^\d{20}$/);
    expect(sameIdAgain.MessageId).toBe(sameId.MessageId);
    expect(received.Messages?.map((m) => m.Body)).toEqual(['a1', 'a2', 'a3']);
    expect(received.Messages?.[0]?.Attributes?.MessageGroupId).toBe('a');
  });

  it('refuses a per-message delay on a FIFO queue', async () => {
    const sending = client.send(
      new SendMessageCommand({ QueueUrl: fifoUrl, MessageBody: 'x', MessageGroupId: 'a', DelaySeconds: 5 }),
    );

    await expect(sending).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers QueueDoesNotExist, with the query code, for an unknown queue', async () => {
    const error = await client
      .send(new GetQueueUrlCommand({ QueueName: 'nope' }))
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(QueueDoesNotExist);
    expect((error as SQSServiceException).$metadata.httpStatusCode).toBe(400);
    expect((error as { Code?: string }).Code).toBe('AWS.SimpleQueueService.NonExistentQueue');
  });

  it('finds a queue URL by name and refuses a visibility change on a message not in flight', async () => {
    const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: 'wire' }));
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'v' }));
    const received = await client.send(new ReceiveMessageCommand({ QueueUrl }));
    const handle = received.Messages?.[0]?.ReceiptHandle;

    await client.send(
      new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: handle, VisibilityTimeout: 0 }),
    );
    await client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: handle }));
    const changing = client.send(
      new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: handle, VisibilityTimeout: 10 }),
    );

    expect(QueueUrl).toBe(standardUrl);
    await expect(changing).rejects.toMatchObject({ name: 'MessageNotInflight' });
  });
});

describe('Function: startLocalSqs (requests the SDK would not send)', () => {
  let broker: SqsBroker;
  let server: LocalSqsServer;
  let url: string;

  beforeAll(async () => {
    broker = new SqsBroker();
    server = await startLocalSqs(broker);
    url = broker.add(queueDef('raw', {}, server.endpoint)).url;
  });

  afterAll(async () => {
    broker.close();
    await server.close();
  });

  async function call(operation: string, body: unknown) {
    const response = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': `AmazonSQS.${operation}`, 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      queryError: response.headers.get('x-amzn-query-error'),
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  it.each([
    ['an empty batch', { Entries: [] }, 'EmptyBatchRequest'],
    [
      'eleven entries',
      { Entries: Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' })) },
      'TooManyEntriesInBatchRequest',
    ],
    [
      'a repeated id',
      {
        Entries: [
          { Id: 'a', MessageBody: 'x' },
          { Id: 'a', MessageBody: 'y' },
        ],
      },
      'BatchEntryIdsNotDistinct',
    ],
    ['an id with a space', { Entries: [{ Id: 'a b', MessageBody: 'x' }] }, 'InvalidBatchEntryId'],
  ])('refuses %s with the batch error code', async (_what, body, code) => {
    const answer = await call('SendMessageBatch', { QueueUrl: url, ...body });

    expect(answer.status).toBe(400);
    expect(answer.body.__type).toBe(`com.amazonaws.sqs#${code}`);
    expect(answer.queryError).toBe(`AWS.SimpleQueueService.${code};Sender`);
  });

  it.each([
    ['an empty body', { MessageBody: '' }, 'InvalidMessageContents'],
    ['a control character', { MessageBody: 'a\u0001b' }, 'InvalidMessageContents'],
    [
      'eleven attributes',
      {
        MessageBody: 'x',
        MessageAttributes: Object.fromEntries(
          Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }]),
        ),
      },
      'InvalidParameterValue',
    ],
    [
      'a Number attribute that is not a number',
      {
        MessageBody: 'x',
        MessageAttributes: { n: { DataType: 'Number', StringValue: 'ten' } },
      },
      'InvalidParameterValue',
    ],
    ['a body over MaximumMessageSize', { MessageBody: 'x'.repeat(262_145) }, 'InvalidParameterValue'],
  ])('refuses a message with %s', async (_what, body, code) => {
    const answer = await call('SendMessage', { QueueUrl: url, ...body });

    expect(answer.status).toBe(400);
    expect(answer.body.__type).toBe(`com.amazonaws.sqs#${code}`);
  });

  it('refuses a malformed receipt handle, an unknown attribute and an unknown operation', async () => {
    const deleting = await call('DeleteMessage', { QueueUrl: url, ReceiptHandle: 'nonsense' });
    const attributes = await call('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['Colour'] });
    const unknown = await call('CreateQueue', { QueueName: 'new' });

    expect(deleting.body.__type).toBe('com.amazonaws.sqs#ReceiptHandleIsInvalid');
    expect(attributes.body.__type).toBe('com.amazonaws.sqs#InvalidAttributeName');
    expect(unknown.body.__type).toBe('com.amazonaws.sqs#UnknownOperationException');
  });

  it('answers a receive on an empty queue with no Messages', async () => {
    const answer = await call('ReceiveMessage', { QueueUrl: url, WaitTimeSeconds: 0 });

    expect(answer).toMatchObject({ status: 200, body: {} });
  });
});
