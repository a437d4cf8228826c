import { SqsError } from '../sqs/errors.ts';
import type { LocalSqsQueue } from '../sqs/queue.ts';
import type { LocalTarget } from '../topology.ts';
import { DeliveryError } from './delivery-error.ts';

/** Finds a local queue by ARN (the SQS broker). */
export interface QueueDirectory {
  byArn(arn: string): LocalSqsQueue | undefined;
}

/**
 * Sends a rule's (possibly transformed) event to an SQS queue target: the whole event as JSON unless an
 * Input option made something else; a text input is sent as is. A FIFO queue needs the target's literal
 * `SqsParameters.MessageGroupId` and content-based deduplication, as EventBridge requires.
 */
export function sendToQueue(queues: QueueDirectory, target: LocalTarget, payload: unknown): void {
  const queue = queues.byArn(target.arn);
  if (!queue) throw new DeliveryError('NO_RESOURCE', `queue ${target.arn} is not a local queue`);
  if (queue.settings.fifo && target.messageGroupId === undefined) {
    throw new DeliveryError(
      'SQS_PARAMETERS',
      `FIFO queue ${queue.name} needs SqsParameters.MessageGroupId on the target`,
    );
  }
  if (queue.settings.fifo && !queue.settings.contentBasedDeduplication) {
    throw new DeliveryError(
      'SQS_PARAMETERS',
      `FIFO queue ${queue.name} must have content-based deduplication to be a rule target`,
    );
  }
  try {
    queue.send({
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
      ...(queue.settings.fifo ? { groupId: target.messageGroupId } : {}),
      senderId: 'AIDAEVENTBRIDGELOCAL',
    });
  } catch (error) {
    if (error instanceof SqsError) throw new DeliveryError(error.code, `${error.code}: ${error.message}`);
    throw error;
  }
}
