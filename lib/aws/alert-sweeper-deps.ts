import { ulid } from 'ulid';
import { AlertService } from '#lib/core/alerts/service.ts';
import { BUS_SOURCES } from '#lib/core/bus-event.ts';
import { DynamoAlertStore } from './alert-store.ts';
import type { AlertSweeperDeps } from './alert-sweeper.ts';
import type { AlertSweeperEnv } from './alert-sweeper-env.ts';
import type { AlertWiring } from './alerting-deps.ts';
import { announcingPublisherFromEnv } from './announcements.ts';
import { DynamoDBClient } from './sdk-dynamodb.ts';
import { traced } from './tracing.ts';

/** The alert sweeper on the Alerts table and the bus (as `vigil.alerts`); the client is injectable. */
export function createAlertSweeperDeps(env: AlertSweeperEnv, wiring: AlertWiring): AlertSweeperDeps {
  const dynamodb = wiring.dynamodb ?? traced(new DynamoDBClient({}));
  const store = new DynamoAlertStore({ tableName: env.ALERTS_TABLE_NAME, client: dynamodb });
  const { log, metrics } = wiring;
  return {
    store,
    // The sweep resolves, it never opens: silences do not apply to it.
    alerts: new AlertService({ store, now: Date.now, isSilenced: async () => false }),
    publisher: announcingPublisherFromEnv(env, { dynamodb, counters: metrics, log }, BUS_SOURCES.alerts),
    timeouts: env.RESOLVE_TIMEOUTS,
    log,
    metrics,
    newId: () => ulid(),
    now: Date.now,
  };
}
