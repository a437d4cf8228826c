import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import type { Log } from '../core/ingest/ports.ts';
import {
  bearerToken,
  hashProducerKey,
  identityToContext,
  type ProducerIdentity,
} from '../core/producer-keys.ts';

export type ProducerAuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<
  ReturnType<typeof identityToContext> | Record<string, never>
>;

export interface KeyLookup {
  lookup(key: string): Promise<ProducerIdentity | undefined>;
}

/**
 * HTTP API Lambda authorizer (simple responses): `Authorization: Bearer <key>` → the producer and
 * its sources, passed to ingest as context. Lookups are cached in the container for `cacheSeconds`
 * (API Gateway caches results too), so a revoked key stops working within that time.
 */
export function createProducerAuthorizer(
  keys: KeyLookup,
  log: Log,
  cacheSeconds: number,
  now: () => number = Date.now,
) {
  const cache = new Map<string, { identity: ProducerIdentity | undefined; until: number }>();
  return async (event: APIGatewayRequestAuthorizerEventV2): Promise<ProducerAuthorizerResult> => {
    const key = bearerToken(event.headers?.authorization ?? event.identitySource?.[0]);
    if (!key) return { isAuthorized: false, context: {} };
    const cacheKey = hashProducerKey(key);
    const cached = cache.get(cacheKey);
    let identity: ProducerIdentity | undefined;
    if (cached && cached.until > now()) identity = cached.identity;
    else {
      identity = await keys.lookup(key);
      if (cacheSeconds > 0) cache.set(cacheKey, { identity, until: now() + cacheSeconds * 1000 });
    }
    if (!identity) {
      log.info('producer key refused', { keyId: cacheKey.slice(0, 16) });
      return { isAuthorized: false, context: {} };
    }
    return { isAuthorized: true, context: identityToContext(identity) };
  };
}
