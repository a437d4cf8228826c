import type { SQSClient } from '@aws-sdk/client-sqs';
import { chunksOf } from '#lib/core/chunks.ts';
import type { DeliveryMessage } from '#lib/core/subscriptions/delivery.ts';
import type { NotifyCheck } from '#lib/core/subscriptions/notify-check.ts';
import { SendMessageBatchCommand, SendMessageCommand } from './sdk-sqs.ts';

const SQS_BATCH = 10;

/** The delivery queue: new deliveries in batches of ten, a retry (or a wait for a slot) with its delay. */
export class DeliveryQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async sendAll(messages: readonly DeliveryMessage[]): Promise<void> {
    for (const chunk of chunksOf(messages, SQS_BATCH)) {
      const { Failed } = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: chunk.map((message, n) => ({ Id: String(n), MessageBody: JSON.stringify(message) })),
        }),
      );
      if (Failed && Failed.length > 0)
        throw new Error(`delivery queue refused ${Failed.length} message(s): ${Failed[0]?.Code ?? '?'}`);
    }
  }

  async send(message: DeliveryMessage | NotifyCheck, delaySeconds: number): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        DelaySeconds: delaySeconds,
      }),
    );
  }
}
