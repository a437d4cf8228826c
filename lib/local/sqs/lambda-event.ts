import type { StoredMessage } from './message.ts';
import { systemAttributes } from './operations-receive.ts';
import type { LocalSqsQueue } from './queue.ts';

/** The SQS event Lambda hands a function (Records in batch order; attribute values are strings). */
export function sqsEvent(queue: LocalSqsQueue, messages: readonly StoredMessage[], region: string) {
  return {
    Records: messages.map((message) => ({
      messageId: message.messageId,
      receiptHandle: message.receiptHandle,
      body: message.body,
      attributes: systemAttributes(queue, message, ['All']),
      messageAttributes: Object.fromEntries(
        Object.entries(message.attributes).map(([name, value]) => [
          name,
          {
            ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
            ...(value.BinaryValue !== undefined ? { binaryValue: value.BinaryValue } : {}),
            stringListValues: [],
            binaryListValues: [],
            dataType: value.DataType,
          },
        ]),
      ),
      md5OfBody: message.md5OfBody,
      ...(message.md5OfAttributes ? { md5OfMessageAttributes: message.md5OfAttributes } : {}),
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: region,
    })),
  };
}

/**
 * Which messages of a batch failed, from the function's answer (Lambda's rules for SQS):
 * - an error (thrown, timeout, crash) fails the whole batch;
 * - without ReportBatchItemFailures any answer succeeds the whole batch;
 * - with it: no answer, `{}`, or an empty or null `batchItemFailures` succeeds everything; a list of
 *   `{itemIdentifier}` naming messages of the batch fails those; anything else (not an object, an item
 *   without a non-empty identifier, an identifier not in the batch) fails the whole batch.
 * On FIFO queues every message after the first failure fails too, so the group keeps its order.
 */
export function failedMessages(
  batch: readonly StoredMessage[],
  outcome: { readonly ok: boolean; readonly payload?: unknown },
  reportBatchItemFailures: boolean,
  fifo: boolean,
): StoredMessage[] {
  if (!outcome.ok) return [...batch];
  if (!reportBatchItemFailures) return [];
  const ids = reportedIds(outcome.payload, new Set(batch.map((m) => m.messageId)));
  if (ids === 'all') return [...batch];
  if (!fifo) return batch.filter((m) => ids.has(m.messageId));
  const first = batch.findIndex((m) => ids.has(m.messageId));
  return first === -1 ? [] : batch.slice(first);
}

function reportedIds(payload: unknown, inBatch: ReadonlySet<string>): Set<string> | 'all' {
  if (payload === null || payload === undefined) return new Set();
  if (typeof payload !== 'object' || Array.isArray(payload)) return 'all';
  const failures = (payload as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return new Set();
  if (!Array.isArray(failures)) return 'all';
  const ids = new Set<string>();
  for (const item of failures) {
    const id = (item as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '' || !inBatch.has(id)) return 'all';
    ids.add(id);
  }
  return ids;
}
