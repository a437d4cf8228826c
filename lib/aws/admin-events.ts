import { EventNotFoundError } from '../core/history/errors.ts';
import { eventIdSchema } from '../core/history/lookup.ts';
import type { HistoryReader } from '../core/history/ports.ts';
import { parseHistoryQuery } from '../core/history/query.ts';
import { parseWith } from '../core/validation.ts';
import type { AdminRoute } from './admin-route.ts';
import { jsonResponse } from './http.ts';

export interface EventAdminDeps {
  readonly history: HistoryReader;
  /** No query may span more than the history keeps. */
  readonly historyRetentionSeconds: number;
  readonly now: () => number;
}

type Route = AdminRoute<EventAdminDeps>;

/**
 * `GET /events?from=&to=&source=&type=&severity=&limit=&cursor=&order=asc|desc`: the history, read
 * from its time-bucket shards in order (never a Scan); expired items never appear.
 */
const queryEvents: Route = async (event, deps) => {
  const query = parseHistoryQuery(event.queryStringParameters ?? {}, {
    nowMs: deps.now(),
    retentionSeconds: deps.historyRetentionSeconds,
  });
  const page = await deps.history.query(query);
  return jsonResponse(200, {
    events: page.events,
    ...(page.nextCursor === null ? {} : { cursor: page.nextCursor }),
  });
};

/** `GET /events/{id}`: one event as history keeps it; 404 once it is past the retention. */
const getEvent: Route = async (event, deps) => {
  const id = parseWith(eventIdSchema, event.pathParameters?.id, 'id');
  const found = await deps.history.getById(id);
  if (!found) throw new EventNotFoundError(id);
  return jsonResponse(200, { event: found });
};

export const EVENT_ROUTES: Readonly<Record<string, Route>> = {
  'GET /events': queryEvents,
  'GET /events/{id}': getEvent,
};
