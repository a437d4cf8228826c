import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { actorOf } from '../core/admin/actor.ts';
import { burstCountersFor, burstQuerySchema, windowCount } from '../core/admin/bursts.ts';
import { RouteNotFoundError } from '../core/admin/errors.ts';
import type { Alert, AlertNotification } from '../core/alerts/alert.ts';
import { AlertNotFoundError, SilenceNotFoundError } from '../core/alerts/errors.ts';
import { alertListQuerySchema, encodeAlertCursor, planAlertList } from '../core/alerts/listing.ts';
import { alertNotification } from '../core/alerts/notifications.ts';
import type { AlertStore } from '../core/alerts/ports.ts';
import { acknowledgeSchema, resolveSchema, resourceIdSchema } from '../core/alerts/requests.ts';
import type { AlertService } from '../core/alerts/service.ts';
import { expireSilence, type Silence, silenceInputSchema, silenceState } from '../core/alerts/silences.ts';
import { redriveRequestSchema } from '../core/announcements/requests.ts';
import type { BurstOverride, BurstRule } from '../core/ingest/burst.ts';
import type { DedupStore, EventPublisher } from '../core/ingest/ports.ts';
import { parseWith } from '../core/validation.ts';
import { EVENT_ROUTES, type EventAdminDeps } from './admin-events.ts';
import { MODULE_ROUTES, type ModuleAdminDeps } from './admin-modules.ts';
import { type AdminHttpEvent, type AdminRoute, callerOf, jsonBody } from './admin-route.ts';
import { type RedriveDeps, redriveAnnouncements } from './announcement-redrive.ts';
import { jsonResponse } from './http.ts';
import type { DynamoSilenceStore } from './silence-store.ts';

export interface AdminDeps extends ModuleAdminDeps, EventAdminDeps {
  readonly dedup: Pick<DedupStore, 'getBurstCount'>;
  readonly alerts: AlertService;
  readonly alertStore: Pick<AlertStore, 'get' | 'timeline' | 'list'>;
  readonly silences: Pick<DynamoSilenceStore, 'get' | 'list' | 'put'>;
  /**
   * Announces person-made alert changes (`alert.acknowledged`, `alert.resolved`) from
   * `vigil.alerts`; what still fails is kept in the announcements outbox.
   */
  readonly publisher: EventPublisher;
  /** `POST /announcements/redrive`: the outbox and publishers for each bus Source. */
  readonly redrive: RedriveDeps;
  readonly newId: () => string;
  readonly burstDefault: BurstRule;
  readonly burstOverrides: readonly BurstOverride[];
  readonly now: () => number;
}

type Route = AdminRoute<AdminDeps>;

/** `GET /bursts`: the burst counters of one source+type, newest window first. */
const getBursts: Route = async (event, deps) => {
  const query = parseWith(burstQuerySchema, event.queryStringParameters ?? {});
  const { rule, counters } = burstCountersFor(query, deps.burstOverrides, deps.burstDefault, deps.now());
  const counts = await Promise.all(counters.map((counter) => deps.dedup.getBurstCount(counter)));
  return jsonResponse(200, {
    source: query.source,
    type: query.type,
    threshold: rule.threshold,
    windowSeconds: rule.windowSeconds,
    windows: counters.map((counter, i) => windowCount(counter, counts[i] ?? 0)),
  });
};

function alertIdOf(event: AdminHttpEvent): string {
  return parseWith(resourceIdSchema, event.pathParameters?.id, 'id');
}

/** `GET /alerts`: newest first, filtered through the most selective index, a cursor while there is more. */
const listAlerts: Route = async (event, deps) => {
  const query = parseWith(alertListQuerySchema, event.queryStringParameters ?? {});
  const { alerts, more } = await deps.alertStore.list(planAlertList(query));
  const last = alerts.at(-1);
  return jsonResponse(200, {
    alerts,
    ...(more && last ? { cursor: encodeAlertCursor(last.id, query) } : {}),
  });
};

/** `GET /alerts/{id}`: the alert and its timeline (opened, repeats, escalations, ack, resolve), oldest first. */
const getAlert: Route = async (event, deps) => {
  const id = alertIdOf(event);
  const stored = await deps.alertStore.get(id);
  if (!stored) throw new AlertNotFoundError(`id: no alert ${id}`, { field: 'id' });
  const timeline = (await deps.alertStore.timeline(id)).sort((a, b) => a.at.localeCompare(b.at));
  return jsonResponse(200, { alert: stored.alert, timeline });
};

/** The change is stored; its announcement goes out, or waits in the outbox (the publisher keeps it). */
async function announce(deps: AdminDeps, kind: AlertNotification, alert: Alert): Promise<void> {
  const at = new Date(deps.now()).toISOString();
  const [outcome] = await deps.publisher.publish([alertNotification(kind, alert, { id: deps.newId(), at })]);
  if (outcome && !outcome.published)
    deps.redrive.log.warn('alert notification not published; kept for a redrive', {
      alertId: alert.id,
      notification: kind,
      eventId: outcome.id,
    });
}

/** `POST /announcements/redrive` `{limit?}`: publishes the oldest kept announcements again. */
const redriveRoute: Route = async (event, deps) => {
  const { limit } = parseWith(redriveRequestSchema, jsonBody(event));
  return jsonResponse(200, await redriveAnnouncements(deps.redrive, limit));
};

/**
 * `POST /alerts/{id}/ack` `{onBehalfOf?, note?}`: recorded as done by the signed IAM caller; 409
 * with the current state when the lifecycle forbids it.
 */
const acknowledge: Route = async (event, deps) => {
  const id = alertIdOf(event);
  const body = parseWith(acknowledgeSchema, jsonBody(event));
  const alert = await deps.alerts.act(id, 'acknowledge', actorOf(callerOf(event), body), body.note);
  await announce(deps, 'alert.acknowledged', alert);
  return jsonResponse(200, { alert });
};

/** `POST /alerts/{id}/resolve` `{onBehalfOf?, note?}` (`notes` still accepted), recorded as done by the signed IAM caller. */
const resolve: Route = async (event, deps) => {
  const id = alertIdOf(event);
  const body = parseWith(resolveSchema, jsonBody(event));
  const alert = await deps.alerts.act(id, 'resolve', actorOf(callerOf(event), body), body.note);
  await announce(deps, 'alert.resolved', alert);
  return jsonResponse(200, { alert });
};

/** `GET /silences`: every silence with its state now, newest first. */
const listSilences: Route = async (_event, deps) => {
  const now = deps.now();
  const silences = (await deps.silences.list())
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map((silence) => ({ ...silence, state: silenceState(silence, now) }));
  return jsonResponse(200, { silences });
};

/** `POST /silences` `{matchers, startsAt?, endsAt, onBehalfOf?, comment}` → 201, created by the signed caller. */
const createSilence: Route = async (event, deps) => {
  const input = parseWith(silenceInputSchema, jsonBody(event));
  const actor = actorOf(callerOf(event), { onBehalfOf: input.onBehalfOf, by: input.createdBy }, 'createdBy');
  const now = new Date(deps.now()).toISOString();
  const silence: Silence = {
    id: deps.newId(),
    matchers: input.matchers,
    startsAt: input.startsAt ? new Date(input.startsAt).toISOString() : now,
    endsAt: new Date(input.endsAt).toISOString(),
    createdBy: actor.by,
    ...(actor.onBehalfOf === undefined ? {} : { createdOnBehalfOf: actor.onBehalfOf }),
    comment: input.comment,
    createdAt: now,
  };
  await deps.silences.put(silence);
  return jsonResponse(201, { silence: { ...silence, state: silenceState(silence, deps.now()) } });
};

/** `DELETE /silences/{id}`: expires the silence now (kept for the record). */
const expireSilenceRoute: Route = async (event, deps) => {
  const id = parseWith(resourceIdSchema, event.pathParameters?.id, 'id');
  const silence = await deps.silences.get(id);
  if (!silence) throw new SilenceNotFoundError(`id: no silence ${id}`, { field: 'id' });
  const expired = expireSilence(silence, deps.now());
  await deps.silences.put(expired);
  return jsonResponse(200, { silence: { ...expired, state: silenceState(expired, deps.now()) } });
};

const ROUTES: Readonly<Record<string, Route>> = {
  ...MODULE_ROUTES,
  ...EVENT_ROUTES,
  'GET /silences': listSilences,
  'POST /silences': createSilence,
  'DELETE /silences/{id}': expireSilenceRoute,
  'GET /bursts': getBursts,
  'GET /alerts': listAlerts,
  'GET /alerts/{id}': getAlert,
  'POST /alerts/{id}/ack': acknowledge,
  'POST /alerts/{id}/resolve': resolve,
  'POST /announcements/redrive': redriveRoute,
};

/**
 * The admin API (IAM-authorized routes): one function, routed by the API Gateway route key; what a
 * route throws is answered by the `httpErrors` middleware.
 */
export function createAdminHttpHandler(deps: AdminDeps) {
  return async (event: AdminHttpEvent): Promise<APIGatewayProxyStructuredResultV2> => {
    const route = ROUTES[event.routeKey];
    if (!route) throw new RouteNotFoundError(`no admin route ${event.routeKey}`);
    return route(event, deps);
  };
}
