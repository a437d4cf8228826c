import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { announcingPublisher, NO_COUNTERS } from '#lib/aws/announcements.ts';
import type { AnnouncementCounters, AnnouncementOutbox } from '#lib/core/announcements/outbox.ts';
import { BUS_SOURCES } from '#lib/core/bus-event.ts';
import type { Log } from '../core/ingest/ports.ts';
import { ModuleChanges, type ModuleChangesDeps, ModuleService } from '../core/state/service.ts';
import { DynamoModuleStore, DynamoModules } from './module-store.ts';
import type { RetryPolicy } from './retry.ts';

export interface ModuleWiring {
  readonly tableName: string;
  readonly busName: string;
  readonly reorderWindowMs?: number;
  /** Schedules a module's next drain (the drain queue); needed with a reorder window. */
  readonly scheduleDrain?: (module: string, afterMs: number) => Promise<void>;
  readonly dynamodb: DynamoDBClient;
  readonly eventBridge: EventBridgeClient;
  /** Where announcements that still fail after retries wait for a redrive. */
  readonly outbox: AnnouncementOutbox;
  readonly counters?: AnnouncementCounters;
  readonly log: Pick<Log, 'error' | 'warn'>;
  readonly newId: () => string;
  readonly now?: () => number;
  /** The publisher's retries before an announcement goes to the outbox. */
  readonly retry?: RetryPolicy;
}

/**
 * The module service on DynamoDB, announcing on the bus as `vigil.state`. A change is stored
 * before it is announced; an announcement that still cannot be published after retries is kept in
 * the announcements outbox (the state itself is kept, and a redelivery would find the event handled).
 */
export function createModuleService(wiring: ModuleWiring): ModuleService {
  const now = wiring.now ?? Date.now;
  return new ModuleService({
    ...changesDeps(wiring, now),
    store: new DynamoModuleStore({ tableName: wiring.tableName, client: wiring.dynamodb, now }),
    ...(wiring.reorderWindowMs === undefined ? {} : { reorderWindowMs: wiring.reorderWindowMs }),
    ...(wiring.scheduleDrain ? { scheduleDrain: wiring.scheduleDrain } : {}),
  });
}

/** The same without the inbox (admin's sync path), so that its bundle leaves the inbox out. */
export function createModuleChanges(wiring: ModuleWiring): ModuleChanges {
  const now = wiring.now ?? Date.now;
  return new ModuleChanges({
    ...changesDeps(wiring, now),
    store: new DynamoModules({ tableName: wiring.tableName, client: wiring.dynamodb, now }),
  });
}

function changesDeps(wiring: ModuleWiring, now: () => number): Omit<ModuleChangesDeps, 'store'> {
  const publisher = announcingPublisher(
    { ...wiring, counters: wiring.counters ?? NO_COUNTERS, now },
    BUS_SOURCES.state,
  );
  return {
    announce: async (notifications) => {
      const outcomes = await publisher.publish(notifications);
      for (const failed of outcomes.filter((o) => !o.published)) {
        const notification = notifications.find((n) => n.id === failed.id);
        wiring.log.error('state notification not published', {
          notificationId: failed.id,
          module: notification?.module,
          type: notification?.type,
          eventId: notification?.data?.eventId,
        });
      }
    },
    newId: wiring.newId,
    now,
  };
}
