import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Log } from '#lib/core/ingest/ports.ts';
import type { DeliveryMessage, DeliveryRecord } from '#lib/core/subscriptions/delivery.ts';
import {
  SubscriptionConflictError,
  SubscriptionExistsError,
  SubscriptionNotFoundError,
} from '#lib/core/subscriptions/errors.ts';
import { eventOutcome } from '#lib/core/subscriptions/outcome.ts';
import { type Subscription, subscriptionRequestSchema } from '#lib/core/subscriptions/subscription.ts';
import { parseWith, ValidationError } from '#lib/core/validation.ts';
import { type AdminHttpEvent, jsonBody } from './admin-route.ts';
import type { DeliveryPatch, DynamoDeliveryStore } from './delivery-store.ts';
import { jsonResponse } from './http.ts';
import {
  decodeCursor,
  deliveriesQuerySchema,
  encodeCursor,
  eventIdSchema,
  subscriptionNameSchema,
} from './subscription-requests.ts';
import type { DynamoSubscriptionStore, StoredSubscription } from './subscription-store.ts';

/** A rotated-out secret still signs (beside the new one) this long, so receivers can switch over. */
export const SECRET_GRACE_MS = 24 * 3_600_000;
/** Dead letters one redrive call re-sends; `more` says whether to call again. */
export const REDRIVE_BATCH = 100;

export interface SubscriptionRouteDeps {
  readonly subscriptions: Pick<DynamoSubscriptionStore, 'get' | 'list' | 'put' | 'delete'>;
  readonly deliveries: Pick<DynamoDeliveryStore, 'byEvent' | 'bySubscription' | 'update'>;
  readonly enqueue: (messages: readonly DeliveryMessage[]) => Promise<void>;
  readonly newSecret: () => string;
  readonly now: () => number;
  readonly log: Log;
  /** After a subscription is created, replaced or deleted: narrows the dispatch rule again (never throws). */
  readonly subscriptionsChanged?: (reason: string) => Promise<void>;
}

type Route = (
  event: AdminHttpEvent,
  deps: SubscriptionRouteDeps,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** A delivery as the API shows it: without the event it carried. */
function deliveryView({ event: _event, ...record }: DeliveryRecord) {
  return record;
}

function nameOf(event: AdminHttpEvent): string {
  return parseWith(subscriptionNameSchema, event.pathParameters?.name, 'name');
}

async function existing(deps: SubscriptionRouteDeps, name: string): Promise<StoredSubscription> {
  const stored = await deps.subscriptions.get(name);
  if (!stored) throw new SubscriptionNotFoundError(`name: no subscription ${name}`, { field: 'name' });
  return stored;
}

/** The request body as a subscription; each escalation must name an existing subscription. */
async function requestOf(body: unknown, deps: SubscriptionRouteDeps) {
  const request = parseWith(subscriptionRequestSchema, body);
  for (const [i, step] of (request.notify?.escalate ?? []).entries()) {
    if (step.subscription === request.name || !(await deps.subscriptions.get(step.subscription)))
      throw new ValidationError(
        `notify.escalate[${i}].subscription`,
        `must name another existing subscription, got ${step.subscription}`,
      );
  }
  return request;
}

const create: Route = async (event, deps) => {
  const request = await requestOf(jsonBody(event), deps);
  const at = new Date(deps.now()).toISOString();
  const subscription: Subscription = { ...request, createdAt: at, updatedAt: at, version: 1 };
  const secret = deps.newSecret();
  if (!(await deps.subscriptions.put({ subscription, secrets: [{ value: secret }] }, 'create')))
    throw new SubscriptionExistsError(`name: a subscription ${request.name} exists; PUT replaces it`, {
      field: 'name',
    });
  deps.log.info('subscription created', { subscription: subscription.name });
  await deps.subscriptionsChanged?.(`created ${subscription.name}`);
  return jsonResponse(201, { subscription, secret });
};

const replace: Route = async (event, deps) => {
  const name = nameOf(event);
  const body = jsonBody(event);
  const withName = typeof body === 'object' && body !== null && !('name' in body) ? { ...body, name } : body;
  const request = await requestOf(withName, deps);
  if (request.name !== name) throw new ValidationError('name', `must be ${name}, the name in the path`);
  const stored = await existing(deps, name);
  const { createdAt, version } = stored.subscription;
  const at = new Date(deps.now()).toISOString();
  const subscription: Subscription = { ...request, createdAt, updatedAt: at, version: version + 1 };
  if (!(await deps.subscriptions.put({ ...stored, subscription }, version)))
    throw new SubscriptionConflictError(`subscription ${name} changed meanwhile; read it and try again`);
  await deps.subscriptionsChanged?.(`replaced ${name}`);
  return jsonResponse(200, { subscription });
};

const rotate: Route = async (event, deps) => {
  const stored = await existing(deps, nameOf(event));
  const now = deps.now();
  const current = stored.secrets.find((s) => s.until === undefined);
  const secret = deps.newSecret();
  const secrets = [
    { value: secret },
    ...(current ? [{ value: current.value, until: now + SECRET_GRACE_MS }] : []),
  ];
  const { version } = stored.subscription;
  const subscription = {
    ...stored.subscription,
    version: version + 1,
    updatedAt: new Date(now).toISOString(),
  };
  if (!(await deps.subscriptions.put({ subscription, secrets }, version)))
    throw new SubscriptionConflictError(`subscription ${subscription.name} changed meanwhile; try again`);
  return jsonResponse(200, {
    secret,
    previousSecretValidUntil: current ? new Date(now + SECRET_GRACE_MS).toISOString() : null,
  });
};

const deliveries: Route = async (event, deps) => {
  const name = nameOf(event);
  await existing(deps, name);
  const query = parseWith(deliveriesQuerySchema, event.queryStringParameters ?? {});
  const start = query.cursor ? decodeCursor(query.cursor, name) : undefined;
  const page = await deps.deliveries.bySubscription(name, {
    limit: query.limit,
    ...(start ? { start } : {}),
  });
  return jsonResponse(200, {
    deliveries: page.deliveries.map(deliveryView),
    ...(page.next ? { cursor: encodeCursor(page.next) } : {}),
  });
};

const redrive: Route = async (event, deps) => {
  const name = nameOf(event);
  await existing(deps, name);
  const page = await deps.deliveries.bySubscription(name, { limit: REDRIVE_BATCH, deadLettersOnly: true });
  const updatedAt = new Date(deps.now()).toISOString();
  const messages: DeliveryMessage[] = [];
  for (const record of page.deliveries) {
    const patch: DeliveryPatch = { status: 'retrying', attempt: 0, updatedAt };
    await deps.deliveries.update(record.eventId, name, patch, record.variant);
    const { deliveryId, eventId, variant } = record;
    messages.push({ deliveryId, eventId, subscription: name, attempt: 1, ...(variant ? { variant } : {}) });
  }
  if (messages.length > 0) await deps.enqueue(messages);
  deps.log.info('dead letters redriven', { subscription: name, count: messages.length });
  return jsonResponse(202, { redriven: messages.length, more: page.next !== undefined });
};

const eventDeliveries: Route = async (event, deps) => {
  const id = parseWith(eventIdSchema, event.pathParameters?.id, 'id');
  const records = await deps.deliveries.byEvent(id);
  return jsonResponse(200, {
    eventId: id,
    outcome: eventOutcome(records.map((r) => r.status)),
    deliveries: records.map(deliveryView),
  });
};

/** The route table of `functions/subscriptions` (IAM): route key → handler. */
export const SUBSCRIPTION_ROUTE_TABLE: Readonly<Record<string, Route>> = {
  'POST /subscriptions': create,
  'GET /subscriptions': async (_event, deps) =>
    jsonResponse(200, { subscriptions: (await deps.subscriptions.list()).map((s) => s.subscription) }),
  'GET /subscriptions/{name}': async (event, deps) =>
    jsonResponse(200, { subscription: (await existing(deps, nameOf(event))).subscription }),
  'PUT /subscriptions/{name}': replace,
  'DELETE /subscriptions/{name}': async (event, deps) => {
    const name = nameOf(event);
    if (!(await deps.subscriptions.delete(name)))
      throw new SubscriptionNotFoundError(`name: no subscription ${name}`, { field: 'name' });
    deps.log.info('subscription deleted', { subscription: name });
    await deps.subscriptionsChanged?.(`deleted ${name}`);
    return jsonResponse(200, { deleted: name });
  },
  'POST /subscriptions/{name}/rotate-secret': rotate,
  'GET /subscriptions/{name}/deliveries': deliveries,
  'POST /subscriptions/{name}/redrive': redrive,
  'GET /events/{id}/deliveries': eventDeliveries,
};
