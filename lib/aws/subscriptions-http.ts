import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { VigilError } from '#lib/core/errors.ts';
import type { AdminHttpEvent } from './admin-route.ts';
import { jsonResponse, responseForThrown } from './http.ts';
import { SUBSCRIPTION_ROUTE_TABLE, type SubscriptionRouteDeps } from './subscription-routes.ts';

/** `functions/subscriptions`: the subscription admin routes (IAM); errors mapped as every admin route maps them. */
export function createSubscriptionsHttpHandler(deps: SubscriptionRouteDeps) {
  return async (event: AdminHttpEvent): Promise<APIGatewayProxyStructuredResultV2> => {
    const route = SUBSCRIPTION_ROUTE_TABLE[event.routeKey];
    if (!route)
      return jsonResponse(404, {
        error: { code: 'ROUTE_NOT_FOUND', message: `no subscription route ${event.routeKey}` },
      });
    try {
      return await route(event, deps);
    } catch (error) {
      if (!(error instanceof VigilError))
        deps.log.error('subscription route failed', { route: event.routeKey, error: error as Error });
      return responseForThrown(error);
    }
  };
}
