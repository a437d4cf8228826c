import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Log } from '../core/ingest/ports.ts';
import { BUS_SOURCES } from '../core/ingest/publication.ts';
import { ModuleService } from '../core/state/service.ts';
import { EventBridgePublisher } from './event-publisher.ts';
import { DynamoModuleStore } from './module-store.ts';

export interface ModuleWiring {
  readonly tableName: string;
  readonly busName: string;
  readonly reorderWindowMs?: number;
  readonly dynamodb: DynamoDBClient;
  readonly eventBridge: EventBridgeClient;
  readonly log: Pick<Log, 'error'>;
  readonly newId: () => string;
  readonly now?: () => number;
}

/**
 * The module service on DynamoDB, announcing on the bus as `vigil.state`. A change is stored
 * before it is announced; an announcement that cannot be published is logged with the module and
 * event (the state itself is kept, and a redelivery would find the event handled).
 */
export function createModuleService(wiring: ModuleWiring): ModuleService {
  const now = wiring.now ?? Date.now;
  const publisher = new EventBridgePublisher({
    client: wiring.eventBridge,
    busName: wiring.busName,
    busSource: BUS_SOURCES.state,
  });
  return new ModuleService({
    store: new DynamoModuleStore({ tableName: wiring.tableName, client: wiring.dynamodb, now }),
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
    ...(wiring.reorderWindowMs === undefined ? {} : { reorderWindowMs: wiring.reorderWindowMs }),
  });
}
