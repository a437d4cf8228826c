import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { chunksOf } from '#lib/core/chunks.ts';
import type { DeadLetter } from '#lib/local/eventbridge/dead-letters.ts';

/** How long a listed or re-driven message stays hidden from other readers while this command works. */
const HIDE_SECONDS = 30;

export interface SqsDeadLettersOptions {
  readonly sqs: SQSClient;
  readonly lambda: LambdaClient;
  /** The rule targets' dead-letter queue. */
  readonly queueUrl: string;
}

export interface RedriveResult {
  readonly redriven: number;
  /** Letters whose target is not a Lambda function: left in the queue. */
  readonly unknownTarget: number;
}

const attribute = (message: Message, name: string) => message.MessageAttributes?.[name]?.StringValue ?? '';

/** An SQS message EventBridge dead-lettered, in the shape of the local runtime's dead letters. */
export function deadLetterOf(message: Message, queueUrl: string): DeadLetter {
  const sent = Number(message.Attributes?.SentTimestamp ?? Number.NaN);
  return {
    id: message.MessageId ?? '',
    queueArn: queueUrl,
    event: JSON.parse(message.Body ?? '{}'),
    ruleArn: attribute(message, 'RULE_ARN'),
    targetArn: attribute(message, 'TARGET_ARN'),
    errorCode: attribute(message, 'ERROR_CODE'),
    errorMessage: attribute(message, 'ERROR_MESSAGE'),
    exhaustedRetryCondition: (attribute(message, 'EXHAUSTED_RETRY_CONDITION') ||
      'None') as DeadLetter['exhaustedRetryCondition'],
    retryAttempts: Number(attribute(message, 'RETRY_ATTEMPTS') || 0),
    deadLetteredAt: Number.isNaN(sent) ? '' : new Date(sent).toISOString(),
  };
}

/**
 * The SQS dead-letter queue of a deployed stack's rule targets: `list` peeks at the messages (hidden
 * while read, then made visible again), `redrive` invokes each letter's Lambda target again with
 * the event, asynchronously as EventBridge does, and deletes the message once the invocation is
 * accepted.
 */
export class SqsDeadLetters {
  constructor(private readonly options: SqsDeadLettersOptions) {}

  /** Every message the queue gives within `max`, each once (hidden while this walk goes on). */
  private async receiveAll(max: number): Promise<Message[]> {
    const seen = new Map<string, Message>();
    while (seen.size < max) {
      const { Messages = [] } = await this.options.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.options.queueUrl,
          MaxNumberOfMessages: Math.min(10, max - seen.size),
          VisibilityTimeout: HIDE_SECONDS,
          WaitTimeSeconds: 0,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['SentTimestamp'],
        }),
      );
      const fresh = Messages.filter((m) => m.MessageId && !seen.has(m.MessageId));
      if (fresh.length === 0) break;
      for (const message of fresh) seen.set(message.MessageId as string, message);
    }
    return [...seen.values()];
  }

  /** Makes messages visible again at once (the walk only peeked at them). */
  private async release(messages: readonly Message[]): Promise<void> {
    for (const chunk of chunksOf(messages, 10)) {
      const entries = chunk.map((m, j) => ({
        Id: String(j),
        ReceiptHandle: m.ReceiptHandle as string,
        VisibilityTimeout: 0,
      }));
      await this.options.sqs.send(
        new ChangeMessageVisibilityBatchCommand({ QueueUrl: this.options.queueUrl, Entries: entries }),
      );
    }
  }

  async list(max = 100): Promise<DeadLetter[]> {
    const messages = await this.receiveAll(max);
    await this.release(messages);
    return messages.map((m) => deadLetterOf(m, this.options.queueUrl));
  }

  async redrive(ids: readonly string[] = [], max = 1000): Promise<RedriveResult> {
    const messages = await this.receiveAll(max);
    const chosen = messages.filter((m) => ids.length === 0 || ids.includes(m.MessageId ?? ''));
    const untouched = messages.filter((m) => !chosen.includes(m));
    let redriven = 0;
    const skipped: Message[] = [];
    for (const message of chosen) {
      const letter = deadLetterOf(message, this.options.queueUrl);
      if (!/^arn:[^:]+:lambda:/.test(letter.targetArn)) {
        skipped.push(message);
        continue;
      }
      await this.options.lambda.send(
        new InvokeCommand({
          FunctionName: letter.targetArn,
          InvocationType: 'Event',
          Payload: new TextEncoder().encode(message.Body ?? '{}'),
        }),
      );
      await this.options.sqs.send(
        new DeleteMessageCommand({ QueueUrl: this.options.queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
      redriven++;
    }
    await this.release([...untouched, ...skipped]);
    return { redriven, unknownTarget: skipped.length };
  }
}
