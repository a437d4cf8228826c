import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsBroker, type SqsBrokerOptions } from '#lib/local/sqs/broker.ts';
import { startLocalSqs } from '#lib/local/sqs/server.ts';
import type { LocalQueue, QueueSettings } from '#lib/local/topology.ts';

export const ACCOUNT = '000000000000';

export const STANDARD: QueueSettings = {
  fifo: false,
  contentBasedDeduplication: false,
  deduplicationScope: 'queue',
  delaySeconds: 0,
  visibilityTimeout: 30,
  messageRetentionPeriod: 345_600,
  receiveMessageWaitTimeSeconds: 0,
  maximumMessageSize: 262_144,
};

export const FIFO: QueueSettings = { ...STANDARD, fifo: true, contentBasedDeduplication: true };

/** A queue definition as the template loader makes it. */
export function queueDef(
  name: string,
  settings: Partial<QueueSettings> = {},
  endpoint = 'http://127.0.0.1:1',
): LocalQueue {
  const base = name.endsWith('.fifo') ? FIFO : STANDARD;
  return {
    logicalId: name.replace(/[^A-Za-z0-9]/g, ''),
    name,
    arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`,
    url: `${endpoint}/${ACCOUNT}/${name}`,
    settings: { ...base, ...settings },
  };
}

/** A broker behind the local SQS endpoint, and an SDK client on it; `close` stops all three. */
export async function localSqs(options: SqsBrokerOptions = {}) {
  const broker = new SqsBroker(options);
  const server = await startLocalSqs(broker);
  const client = new SQSClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const close = async () => {
    client.destroy();
    broker.close();
    await server.close();
  };
  return { broker, server, client, close };
}
