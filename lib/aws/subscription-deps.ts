import type { Log } from '#lib/core/ingest/ports.ts';
import { DynamoAlertStore } from './alert-store.ts';
import type { DeliverDeps } from './deliver-handler.ts';
import { DeliveryQueue } from './delivery-queue.ts';
import { DynamoDeliveryStore } from './delivery-store.ts';
import type { DispatchDeps } from './dispatch-handler.ts';
import { InFlightSlots } from './in-flight-slots.ts';
import { DynamoNotificationStore } from './notification-store.ts';
import { createNotifyChecker } from './notify-checker.ts';
import { DynamoDBClient } from './sdk-dynamodb.ts';
import { EventBridgeClient } from './sdk-eventbridge.ts';
import { SQSClient } from './sdk-sqs.ts';
import type { SubscriptionEnv } from './subscription-env.ts';
import { cachedMatcher } from './subscription-matcher.ts';
import { narrowDispatchRule } from './subscription-rule.ts';
import { dispatchRuleAdapters } from './subscription-rule-adapters.ts';
import { DynamoSubscriptionStore } from './subscription-store.ts';
import { traced } from './tracing.ts';
import { postWebhook } from './webhook.ts';

export interface SubscriptionClients {
  readonly dynamodb?: DynamoDBClient;
  readonly sqs?: SQSClient;
  readonly now?: () => number;
}

/** The stores and the queue every subscription function uses, on injectable clients. */
export function subscriptionAdapters(env: SubscriptionEnv, clients: SubscriptionClients = {}) {
  const client = clients.dynamodb ?? traced(new DynamoDBClient({}));
  const tableName = env.SUBSCRIPTIONS_TABLE_NAME;
  return {
    now: clients.now ?? Date.now,
    subscriptions: new DynamoSubscriptionStore({ tableName, client }),
    deliveries: new DynamoDeliveryStore({ tableName, client }),
    queue: new DeliveryQueue(clients.sqs ?? traced(new SQSClient({})), env.DELIVERY_QUEUE_URL),
    plans: new DynamoNotificationStore({ tableName, client }),
    client,
  };
}

export function createDispatchDeps(
  env: SubscriptionEnv,
  log: Log,
  metrics: DispatchDeps['metrics'],
  clients: SubscriptionClients = {},
): DispatchDeps {
  const a = subscriptionAdapters(env, clients);
  const load = async () => (await a.subscriptions.list()).map((s) => s.subscription);
  return {
    matcher: cachedMatcher(load, env.SUBSCRIPTION_CACHE_MS, a.now),
    createRecord: (record) => a.deliveries.create(record),
    enqueue: (messages) => a.queue.sendAll(messages),
    notifications: {
      createPlan: (stored) => a.plans.create(stored),
      plansOf: (alertId) => a.plans.byAlert(alertId),
      enqueueCheck: (check, delaySeconds) => a.queue.send(check, delaySeconds),
      timeScale: env.NOTIFY_TIME_SCALE,
    },
    now: a.now,
    log,
    metrics,
  };
}

/** The look at notification plans `deliver` runs, when it knows the Alerts table. */
function notifyChecker(env: SubscriptionEnv, log: Log, a: ReturnType<typeof subscriptionAdapters>) {
  if (!env.ALERTS_TABLE_NAME) return {};
  const alerts = new DynamoAlertStore({ tableName: env.ALERTS_TABLE_NAME, client: a.client, now: a.now });
  const checkNotify = createNotifyChecker({
    plans: a.plans,
    subscriptions: a.subscriptions,
    alertState: async (alertId) => (await alerts.get(alertId))?.alert.state,
    createRecord: (record) => a.deliveries.create(record),
    enqueueDeliveries: (messages) => a.queue.sendAll(messages),
    enqueueCheck: (check, delaySeconds) => a.queue.send(check, delaySeconds),
    now: a.now,
    timeScale: env.NOTIFY_TIME_SCALE,
    log,
  });
  return { checkNotify };
}

export function createDeliverDeps(
  env: SubscriptionEnv,
  log: Log,
  metrics: DeliverDeps['metrics'],
  clients: SubscriptionClients = {},
): DeliverDeps {
  const a = subscriptionAdapters(env, clients);
  // A slot outlives the longest POST by a margin, so it is never taken over while its holder posts.
  const leaseMs = env.DELIVERY_TIMEOUT_MS + 5_000;
  return {
    subscriptions: a.subscriptions,
    deliveries: a.deliveries,
    slots: new InFlightSlots({
      tableName: env.SUBSCRIPTIONS_TABLE_NAME,
      client: a.client,
      leaseMs,
      now: a.now,
    }),
    enqueue: (message, delaySeconds) => a.queue.send(message, delaySeconds),
    post: (request) => postWebhook(request, a.now),
    now: a.now,
    timeoutMs: env.DELIVERY_TIMEOUT_MS,
    log,
    metrics,
    ...notifyChecker(env, log, a),
  };
}

/**
 * The admin function's hold on the dispatch rule (DISPATCH_RULE_ARN), on the stores the function
 * already has (`a`): `changed` after each subscription write (bump the generation, narrow; a failure
 * is logged, the schedule heals it), `narrow` for the scheduled run. Undefined without the variable.
 */
export function dispatchRuleNarrower(
  env: SubscriptionEnv,
  log: Log,
  a: ReturnType<typeof subscriptionAdapters>,
  eventBridge?: EventBridgeClient,
) {
  if (!env.DISPATCH_RULE_ARN) return undefined;
  const { ports, bump } = dispatchRuleAdapters({
    ruleArn: env.DISPATCH_RULE_ARN,
    tableName: env.SUBSCRIPTIONS_TABLE_NAME,
    dynamodb: a.client,
    eventBridge: eventBridge ?? traced(new EventBridgeClient({})),
    subscriptions: a.subscriptions,
    log,
  });
  return {
    narrow: (reason: string) => narrowDispatchRule(ports, reason),
    changed: async (reason: string): Promise<void> => {
      try {
        await bump();
        await narrowDispatchRule(ports, reason);
      } catch (error) {
        log.error('dispatch rule not narrowed; the schedule retries', { reason, error });
      }
    },
  };
}
