import { ulid } from 'ulid';
import type * as z from 'zod/mini';
import { BUS_SOURCES } from '#lib/core/bus-event.ts';
import { AlertService } from '../core/alerts/service.ts';
import type { AnnouncementCounters } from '../core/announcements/outbox.ts';
import type { Log } from '../core/ingest/ports.ts';
import type { adminEnvSchema } from './admin-env.ts';
import type { AdminDeps } from './admin-http.ts';
import { DynamoAlertStore } from './alert-store.ts';
import { announcementOutbox, announcingPublisher, NO_COUNTERS } from './announcements.ts';
import { DynamoBurstCounters } from './burst-counters.ts';
import { EventBridgePublisher } from './event-publisher.ts';
import { historyStoreFromEnv } from './history-store.ts';
import { createModuleChanges } from './module-deps.ts';
import { DynamoModules } from './module-store.ts';
import type { RetryPolicy } from './retry.ts';
import { DynamoDBClient } from './sdk-dynamodb.ts';
import { EventBridgeClient } from './sdk-eventbridge.ts';
import { DynamoSilenceStore } from './silence-store.ts';
import { traced } from './tracing.ts';

/** The admin API on its DynamoDB and EventBridge adapters; clients are injectable for tests. */
export function createAdminDeps(
  env: z.output<typeof adminEnvSchema>,
  clients: {
    dynamodb?: DynamoDBClient;
    eventBridge?: EventBridgeClient;
    now?: () => number;
    counters?: AnnouncementCounters;
    retry?: RetryPolicy;
  } = {},
  log: Pick<Log, 'error' | 'warn' | 'info'> = console,
): AdminDeps {
  const dynamodb = clients.dynamodb ?? traced(new DynamoDBClient({}));
  const eventBridge = clients.eventBridge ?? traced(new EventBridgeClient({}));
  const now = clients.now ?? Date.now;
  const alertStore = new DynamoAlertStore({ tableName: env.ALERTS_TABLE_NAME, client: dynamodb, now });
  const outbox = announcementOutbox(env.ANNOUNCEMENTS_TABLE_NAME, dynamodb, now);
  const counters = clients.counters ?? NO_COUNTERS;
  const retry = clients.retry ? { retry: clients.retry } : {};
  const announcing = { eventBridge, busName: env.EVENT_BUS_NAME, outbox, counters, log, now, ...retry };
  return {
    dedup: new DynamoBurstCounters({
      tableName: env.DEDUP_TABLE_NAME,
      client: dynamodb,
      burstCountRetentionSeconds: env.HISTORY_RETENTION_SECONDS,
      now,
    }),
    // A person's action never meets a silence: only event-driven announcements are held back.
    alerts: new AlertService({ store: alertStore, now, isSilenced: async () => false }),
    alertStore,
    silences: new DynamoSilenceStore({ tableName: env.ALERTS_TABLE_NAME, client: dynamodb }),
    publisher: announcingPublisher(announcing, BUS_SOURCES.alerts),
    redrive: {
      outbox,
      // A redrive that fails again stays in the outbox: no outbox behind these publishers.
      publisherFor: (busSource) =>
        new EventBridgePublisher({ client: eventBridge, busName: env.EVENT_BUS_NAME, busSource, ...retry }),
      counters,
      log,
    },
    modules: createModuleChanges({
      tableName: env.MODULES_TABLE_NAME,
      busName: env.EVENT_BUS_NAME,
      dynamodb,
      eventBridge,
      outbox,
      counters,
      log,
      newId: () => ulid(),
      now,
      ...retry,
    }),
    history: historyStoreFromEnv(env, dynamodb, { now }),
    historyRetentionSeconds: env.HISTORY_RETENTION_SECONDS,
    moduleStore: new DynamoModules({ tableName: env.MODULES_TABLE_NAME, client: dynamodb, now }),
    newId: () => ulid(),
    burstDefault: { threshold: env.BURST_THRESHOLD, windowSeconds: env.BURST_WINDOW_SECONDS },
    burstOverrides: env.BURST_OVERRIDES,
    now,
  };
}
