import { selectAttributes } from './attributes.ts';
import type { SqsBroker } from './broker.ts';
import { receiveWaiting } from './long-poll.ts';
import type { StoredMessage } from './message.ts';
import type { LocalSqsQueue } from './queue.ts';
import {
  batchEntries,
  eachEntry,
  type Input,
  optionalInt,
  optionalStrings,
  requireString,
} from './wire-input.ts';

const MAX_VISIBILITY = 43_200;

/** The system attributes of a received message (`MessageSystemAttributeNames` / `AttributeNames`). */
export function systemAttributes(
  queue: LocalSqsQueue,
  message: StoredMessage,
  wanted: readonly string[],
): Record<string, string> {
  const all: Record<string, string | undefined> = {
    SenderId: message.senderId,
    SentTimestamp: String(message.sentAt),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: String(message.firstReceiveAt ?? message.sentAt),
    ...(queue.settings.fifo
      ? {
          MessageGroupId: message.groupId,
          MessageDeduplicationId: message.dedupId,
          SequenceNumber: message.sequenceNumber,
        }
      : {}),
    DeadLetterQueueSourceArn: message.deadLetterSourceArn,
  };
  const every = wanted.includes('All');
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(all)) {
    if (value !== undefined && (every || wanted.includes(name))) out[name] = value;
  }
  return out;
}

function describe(
  queue: LocalSqsQueue,
  message: StoredMessage,
  systemNames: string[],
  attributeNames: string[],
) {
  const attributes = systemAttributes(queue, message, systemNames);
  const messageAttributes = selectAttributes(message.attributes, attributeNames);
  const selected = Object.keys(messageAttributes).length > 0;
  return {
    MessageId: message.messageId,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
    ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
    ...(selected && message.md5OfAttributes ? { MD5OfMessageAttributes: message.md5OfAttributes } : {}),
    ...(selected ? { MessageAttributes: messageAttributes } : {}),
  };
}

export async function receiveMessage(broker: SqsBroker, input: Input, signal?: AbortSignal) {
  const queue = broker.byUrl(input.QueueUrl);
  const max = optionalInt(input, 'MaxNumberOfMessages', 1, 10) ?? 1;
  const visibilityTimeout = optionalInt(input, 'VisibilityTimeout', 0, MAX_VISIBILITY);
  const wait = optionalInt(input, 'WaitTimeSeconds', 0, 20) ?? queue.settings.receiveMessageWaitTimeSeconds;
  const systemNames = [
    ...optionalStrings(input, 'AttributeNames'),
    ...optionalStrings(input, 'MessageSystemAttributeNames'),
  ];
  const attributeNames = optionalStrings(input, 'MessageAttributeNames');
  const messages = await receiveWaiting(
    queue,
    { max, ...(visibilityTimeout !== undefined ? { visibilityTimeout } : {}) },
    wait * 1000,
    broker.clock,
    signal,
  );
  if (messages.length === 0) return {};
  return { Messages: messages.map((message) => describe(queue, message, systemNames, attributeNames)) };
}

export function deleteMessage(broker: SqsBroker, input: Input) {
  broker.byUrl(input.QueueUrl).delete(requireString(input, 'ReceiptHandle'));
  return {};
}

export function deleteMessageBatch(broker: SqsBroker, input: Input) {
  const queue = broker.byUrl(input.QueueUrl);
  return eachEntry(batchEntries(input), (entry) => {
    queue.delete(requireString(entry, 'ReceiptHandle'));
    return {};
  });
}

function changeOne(queue: LocalSqsQueue, input: Input): void {
  const seconds = optionalInt(input, 'VisibilityTimeout', 0, MAX_VISIBILITY);
  if (seconds === undefined) requireString(input, 'VisibilityTimeout');
  queue.changeVisibility(requireString(input, 'ReceiptHandle'), seconds as number);
}

export function changeMessageVisibility(broker: SqsBroker, input: Input) {
  changeOne(broker.byUrl(input.QueueUrl), input);
  return {};
}

export function changeMessageVisibilityBatch(broker: SqsBroker, input: Input) {
  const queue = broker.byUrl(input.QueueUrl);
  return eachEntry(batchEntries(input), (entry) => {
    changeOne(queue, entry);
    return {};
  });
}
