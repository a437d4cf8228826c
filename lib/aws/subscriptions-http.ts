import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { RouteNotFoundError } from '#lib/core/admin/errors.ts';
import type { AdminHttpEvent } from './admin-route.ts';
import { SUBSCRIPTION_ROUTE_TABLE, type SubscriptionRouteDeps } from './subscription-routes.ts';

/** `functions/subscriptions`: the subscription admin routes (IAM); what they throw is answered by `httpErrors`. */
export function createSubscriptionsHttpHandler(deps: SubscriptionRouteDeps) {
  return async (event: AdminHttpEvent): Promise<APIGatewayProxyStructuredResultV2> => {
    const route = SUBSCRIPTION_ROUTE_TABLE[event.routeKey];
    if (!route) throw new RouteNotFoundError(`no subscription route ${event.routeKey}`);
    return route(event, deps);
  };
}
