import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { burstCountersFor, burstQuerySchema, windowCount } from '../core/admin/bursts.ts';
import { RouteNotFoundError } from '../core/admin/errors.ts';
import type { BurstOverride, BurstRule } from '../core/ingest/burst.ts';
import type { DedupStore } from '../core/ingest/ports.ts';
import { parseWith } from '../core/validation.ts';
import { jsonResponse, responseForThrown } from './http.ts';

export type AdminHttpEvent = APIGatewayProxyEventV2WithIAMAuthorizer;

export interface AdminDeps {
  readonly dedup: Pick<DedupStore, 'getBurstCount'>;
  readonly burstDefault: BurstRule;
  readonly burstOverrides: readonly BurstOverride[];
  readonly now: () => number;
}

type Route = (event: AdminHttpEvent, deps: AdminDeps) => Promise<APIGatewayProxyStructuredResultV2>;

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

const ROUTES: Readonly<Record<string, Route>> = {
  'GET /bursts': getBursts,
};

/** The admin API (IAM-authorized routes): one function, routed by the API Gateway route key. Never throws. */
export function createAdminHttpHandler(deps: AdminDeps) {
  return async (event: AdminHttpEvent): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      const route = ROUTES[event.routeKey];
      if (!route) throw new RouteNotFoundError(`no admin route ${event.routeKey}`);
      return await route(event, deps);
    } catch (error) {
      return responseForThrown(error);
    }
  };
}
