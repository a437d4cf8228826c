import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { vigil } from './support/client.ts';

describe('Local runtime: the template queues on the SQS endpoint', () => {
  // Only the endpoint from the environment, as a handler's client gets it (AWS_ENDPOINT_URL_SQS).
  const previous = process.env.AWS_ENDPOINT_URL_SQS;
  process.env.AWS_ENDPOINT_URL_SQS = vigil.info.sqsEndpoint;
  const client = new SQSClient({
    region: vigil.config.admin.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  afterAll(() => {
    client.destroy();
    if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_SQS;
    else process.env.AWS_ENDPOINT_URL_SQS = previous;
  });

  it("serves the stack's dead-letter queue at the URL Ref resolves to", async () => {
    // Prepare
    const [logicalId, queueUrl] =
      Object.entries(vigil.info.queues ?? {}).find(([id]) => id.startsWith('EventBusTargetDlq')) ?? [];
    expect(logicalId).toBeDefined();
    expect(queueUrl?.startsWith(`${vigil.info.sqsEndpoint}/000000000000/`)).toBe(true);

    // Act
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'e2e' }));
    const received = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
    await client.send(
      new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: received.Messages?.[0]?.ReceiptHandle }),
    );

    // Assess
    expect(received.Messages?.map((m) => m.Body)).toEqual(['e2e']);
    const attributes = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['MessageRetentionPeriod'] }),
    );
    expect(attributes.Attributes).toEqual({ MessageRetentionPeriod: '1209600' });
  });
});
