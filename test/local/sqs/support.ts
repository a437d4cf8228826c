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
