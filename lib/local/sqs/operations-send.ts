import { checkAttributes } from './attributes.ts';
import type { SqsBroker } from './broker.ts';
import { SqsError } from './errors.ts';
import { checkBody } from './message.ts';
import type { LocalSqsQueue, SendResult } from './queue.ts';
import { batchEntries, eachEntry, type Input, optionalInt, optionalString } from './wire-input.ts';

function sendOne(queue: LocalSqsQueue, input: Input): SendResult {
  const delaySeconds = optionalInt(input, 'DelaySeconds', 0, 900);
  const groupId = optionalString(input, 'MessageGroupId');
  const dedupId = optionalString(input, 'MessageDeduplicationId');
  return queue.send({
    body: checkBody(input.MessageBody),
    attributes: checkAttributes(input.MessageAttributes),
    ...(delaySeconds !== undefined ? { delaySeconds } : {}),
    ...(groupId !== undefined ? { groupId } : {}),
    ...(dedupId !== undefined ? { dedupId } : {}),
  });
}

function sendOutput(result: SendResult) {
  return {
    MessageId: result.messageId,
    MD5OfMessageBody: result.md5OfBody,
    ...(result.md5OfAttributes ? { MD5OfMessageAttributes: result.md5OfAttributes } : {}),
    ...(result.sequenceNumber ? { SequenceNumber: result.sequenceNumber } : {}),
  };
}

export function sendMessage(broker: SqsBroker, input: Input) {
  return sendOutput(sendOne(broker.byUrl(input.QueueUrl), input));
}

export function sendMessageBatch(broker: SqsBroker, input: Input) {
  const queue = broker.byUrl(input.QueueUrl);
  const entries = batchEntries(input);
  const total = entries.reduce(
    (sum, entry) => sum + Buffer.byteLength(String(entry.MessageBody ?? ''), 'utf8'),
    0,
  );
  if (total > queue.settings.maximumMessageSize) {
    throw new SqsError(
      'BatchRequestTooLong',
      `Batch requests cannot be longer than ${queue.settings.maximumMessageSize} bytes. You have sent ${total} bytes.`,
    );
  }
  return eachEntry(entries, (entry) => sendOutput(sendOne(queue, entry)));
}
