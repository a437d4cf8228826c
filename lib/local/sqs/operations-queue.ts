import type { SqsBroker } from './broker.ts';
import { SqsError } from './errors.ts';
import type { LocalSqsQueue } from './queue.ts';
import { type Input, optionalStrings, requireString } from './wire-input.ts';

/** Every attribute GetQueueAttributes answers, as strings (SQS's wire form). */
function queueAttributes(queue: LocalSqsQueue): Record<string, string> {
  const { settings } = queue;
  const counts = queue.counts();
  const created = String(Math.floor(queue.createdAt / 1000));
  return {
    QueueArn: queue.arn,
    ApproximateNumberOfMessages: String(counts.visible),
    ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
    ApproximateNumberOfMessagesDelayed: String(counts.delayed),
    CreatedTimestamp: created,
    LastModifiedTimestamp: created,
    DelaySeconds: String(settings.delaySeconds),
    MaximumMessageSize: String(settings.maximumMessageSize),
    MessageRetentionPeriod: String(settings.messageRetentionPeriod),
    ReceiveMessageWaitTimeSeconds: String(settings.receiveMessageWaitTimeSeconds),
    VisibilityTimeout: String(settings.visibilityTimeout),
    SqsManagedSseEnabled: 'false',
    ...(settings.redrivePolicy ? { RedrivePolicy: JSON.stringify(settings.redrivePolicy) } : {}),
    ...(settings.fifo
      ? {
          FifoQueue: 'true',
          ContentBasedDeduplication: String(settings.contentBasedDeduplication),
          DeduplicationScope: settings.deduplicationScope,
          FifoThroughputLimit:
            settings.deduplicationScope === 'messageGroup' ? 'perMessageGroupId' : 'perQueue',
        }
      : {}),
  };
}

export function getQueueAttributes(broker: SqsBroker, input: Input) {
  const all = queueAttributes(broker.byUrl(input.QueueUrl));
  const wanted = optionalStrings(input, 'AttributeNames');
  if (wanted.includes('All')) return { Attributes: all };
  const known = new Set([
    ...Object.keys(all),
    'RedrivePolicy',
    'FifoQueue',
    'ContentBasedDeduplication',
    'DeduplicationScope',
    'FifoThroughputLimit',
    'RedriveAllowPolicy',
    'Policy',
    'KmsMasterKeyId',
    'KmsDataKeyReusePeriodSeconds',
  ]);
  const unknown = wanted.find((name) => !known.has(name));
  if (unknown !== undefined) throw new SqsError('InvalidAttributeName', `Unknown Attribute ${unknown}.`);
  const Attributes = Object.fromEntries(
    wanted.flatMap((name) => (all[name] === undefined ? [] : [[name, all[name]]])),
  );
  return Object.keys(Attributes).length > 0 ? { Attributes } : {};
}

export function getQueueUrl(broker: SqsBroker, input: Input) {
  return { QueueUrl: broker.byName(requireString(input, 'QueueName')).url };
}

export function purgeQueue(broker: SqsBroker, input: Input) {
  broker.byUrl(input.QueueUrl).purge();
  return {};
}

export function listQueues(broker: SqsBroker, input: Input) {
  const prefix = typeof input.QueueNamePrefix === 'string' ? input.QueueNamePrefix : '';
  return {
    QueueUrls: broker
      .queues()
      .filter((queue) => queue.name.startsWith(prefix))
      .map((queue) => queue.url),
  };
}
