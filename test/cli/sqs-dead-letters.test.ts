import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsDeadLetters } from '#lib/cli/sqs-dead-letters.ts';

const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/Vigil-DeadLetters';
const sqs = mockClient(SQSClient);
const lambda = mockClient(LambdaClient);

function letter(id: string, targetArn: string): Message {
  const attr = (value: string) => ({ DataType: 'String', StringValue: value });
  return {
    MessageId: id,
    ReceiptHandle: `rh-${id}`,
    Body: JSON.stringify({
      id: `ev-${id}`,
      source: 'vigil.ingest',
      'detail-type': 'reading',
      detail: { id: `d-${id}` },
    }),
    Attributes: { SentTimestamp: String(Date.parse('2026-11-27T10:00:00Z')) },
    MessageAttributes: {
      RULE_ARN: attr('arn:aws:events:eu-west-1:123456789012:rule/vigil/Alerting'),
      TARGET_ARN: attr(targetArn),
      ERROR_CODE: attr('Lambda.FunctionError'),
      ERROR_MESSAGE: attr('boom'),
      EXHAUSTED_RETRY_CONDITION: attr('MaximumRetryAttempts'),
      RETRY_ATTEMPTS: attr('2'),
    },
  };
}

const FN = 'arn:aws:lambda:eu-west-1:123456789012:function:Vigil-Alerting';

beforeEach(() => {
  sqs.reset();
  lambda.reset();
});

describe('Class: SqsDeadLetters', () => {
  it("lists every message once, in the local dead letters' shape, and leaves them visible again", async () => {
    // Prepare: SQS hands out the two messages, then nothing new.
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [letter('m1', FN)] })
      .resolvesOnce({ Messages: [letter('m2', FN), letter('m1', FN)] })
      .resolves({ Messages: [] });
    const dlq = new SqsDeadLetters({ sqs: new SQSClient({}), lambda: new LambdaClient({}), queueUrl: QUEUE });

    // Act
    const letters = await dlq.list();

    // Assess
    expect(letters.map((l) => l.id)).toEqual(['m1', 'm2']);
    expect(letters[0]).toMatchObject({
      targetArn: FN,
      errorCode: 'Lambda.FunctionError',
      errorMessage: 'boom',
      exhaustedRetryCondition: 'MaximumRetryAttempts',
      retryAttempts: 2,
      deadLetteredAt: '2026-11-27T10:00:00.000Z',
      event: { id: 'ev-m1', detail: { id: 'd-m1' } },
    });
    const released = sqs.commandCalls(ChangeMessageVisibilityBatchCommand)[0]?.args[0].input.Entries;
    expect(released?.map((e) => [e.ReceiptHandle, e.VisibilityTimeout])).toEqual([
      ['rh-m1', 0],
      ['rh-m2', 0],
    ]);
  });

  it('re-drives the chosen letters to their Lambda target asynchronously, deletes them, and leaves the others', async () => {
    // Prepare
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({
        Messages: [letter('m1', FN), letter('m2', FN), letter('m3', 'arn:aws:sqs:eu-west-1:123456789012:q')],
      })
      .resolves({ Messages: [] });
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const dlq = new SqsDeadLetters({ sqs: new SQSClient({}), lambda: new LambdaClient({}), queueUrl: QUEUE });

    // Act
    const result = await dlq.redrive(['m1', 'm3']);

    // Assess
    expect(result).toEqual({ redriven: 1, unknownTarget: 1 });
    const invoke = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(invoke).toMatchObject({ FunctionName: FN, InvocationType: 'Event' });
    expect(JSON.parse(new TextDecoder().decode(invoke?.Payload as Uint8Array))).toMatchObject({
      id: 'ev-m1',
    });
    expect(sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle)).toEqual([
      'rh-m1',
    ]);
    const released = sqs.commandCalls(ChangeMessageVisibilityBatchCommand)[0]?.args[0].input.Entries;
    expect(released?.map((e) => e.ReceiptHandle)).toEqual(['rh-m2', 'rh-m3']);
  });
});
