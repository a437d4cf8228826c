import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoAnnouncementOutbox } from '#lib/aws/announcement-outbox.ts';
import { EventBridgePublisher } from '#lib/aws/event-publisher.ts';
import { OutboxPublisher } from '#lib/aws/outbox-publisher.ts';
import type { RetryPolicy } from '#lib/aws/retry.ts';
import type { AnnouncementCounters, AnnouncementOutbox } from '#lib/core/announcements/outbox.ts';
import type { EventPublisher, Log } from '#lib/core/ingest/ports.ts';
import { EventBridgeClient } from './sdk-eventbridge.ts';
import { traced } from './tracing.ts';

/** What a function needs to announce on the bus with an outbox behind it. */
export interface AnnouncingWiring {
  readonly eventBridge: EventBridgeClient;
  readonly busName: string;
  readonly outbox: AnnouncementOutbox;
  readonly counters: AnnouncementCounters;
  readonly log: Pick<Log, 'error' | 'warn'>;
  readonly now?: () => number;
  /** The publisher's retries before an announcement goes to the outbox. @default DEFAULT_RETRY_POLICY */
  readonly retry?: RetryPolicy;
}

/** The outbox on its table. */
export function announcementOutbox(
  tableName: string,
  dynamodb: DynamoDBClient,
  now?: () => number,
): AnnouncementOutbox {
  return new DynamoAnnouncementOutbox({ tableName, client: dynamodb, ...(now ? { now } : {}) });
}

/** PutEvents with retries as `busSource`, and what still fails kept in the outbox. */
export function announcingPublisher(wiring: AnnouncingWiring, busSource: string): EventPublisher {
  return new OutboxPublisher({
    publisher: new EventBridgePublisher({
      client: wiring.eventBridge,
      busName: wiring.busName,
      busSource,
      ...(wiring.retry ? { retry: wiring.retry } : {}),
    }),
    busSource,
    outbox: wiring.outbox,
    counters: wiring.counters,
    log: wiring.log,
    ...(wiring.now ? { now: wiring.now } : {}),
  });
}

/** A deployed function's announcing publisher: its bus and outbox table named by its environment. */
export function announcingPublisherFromEnv(
  env: { readonly EVENT_BUS_NAME: string; readonly ANNOUNCEMENTS_TABLE_NAME: string },
  deps: Pick<AnnouncingWiring, 'counters' | 'log'> & { readonly dynamodb: DynamoDBClient },
  busSource: string,
): EventPublisher {
  return announcingPublisher(
    {
      eventBridge: traced(new EventBridgeClient({})),
      busName: env.EVENT_BUS_NAME,
      outbox: announcementOutbox(env.ANNOUNCEMENTS_TABLE_NAME, deps.dynamodb),
      counters: deps.counters,
      log: deps.log,
    },
    busSource,
  );
}

/** Counters that count nothing, for wiring without metrics (tools, tests that do not look). */
export const NO_COUNTERS: AnnouncementCounters = { add: () => undefined };
