import type { SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import { SendMessageCommand } from './sdk-sqs.ts';

/** SQS delays a message by whole seconds, at most 900 (15 minutes). */
export const MAX_DELAY_SECONDS = 900;

/**
 * The message's delay for a head due in `ms`: rounded up, so that the drain never comes early (a
 * 2,000 ms window is 2 s; 1,500 ms is 2 s, i.e. up to 1 s late). A drain that still finds the head
 * not due (a delay capped at 900 s, or clocks apart) schedules the rest.
 */
export function delaySecondsFor(ms: number): number {
  return Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(ms / 1000)));
}

/** The body of a drain message: which module's inbox to drain. */
export const drainMessageSchema = z.object({ module: z.string().check(z.minLength(1)) });

/** Schedules a module's drain on the drain queue, which the state function consumes. */
export function drainScheduler(client: SQSClient, queueUrl: string) {
  return async (module: string, afterMs: number): Promise<void> => {
    await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify({ module }),
        DelaySeconds: delaySecondsFor(afterMs),
      }),
    );
  };
}
