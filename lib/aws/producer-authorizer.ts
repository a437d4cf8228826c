import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { BoundedTtlCache } from '../core/bounded-cache.ts';
import type { Log } from '../core/ingest/ports.ts';
import type { MetricOf, MetricSink } from '../core/metrics.ts';
import {
  bearerToken,
  hashProducerKey,
  type IdentityContext,
  identityToContext,
  type ProducerIdentity,
} from '../core/producer-keys.ts';

export type ProducerAuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<
  IdentityContext | Record<string, never>
>;

export interface KeyLookup {
  lookup(key: string): Promise<ProducerIdentity | undefined>;
}

export interface AuthorizerCacheSettings {
  /** How long a lookup (found or not) is reused; 0 = every request reads the table. */
  readonly seconds: number;
  /** At most this many keys are held; the least recently used goes first. @default 1000 */
  readonly maxEntries?: number;
}

/** About 1 KB an entry (a 64-digit hash, a short identity): 1,000 keys stay near 1 MB. */
export const DEFAULT_KEY_CACHE_ENTRIES = 1_000;

/**
 * HTTP API Lambda authorizer (simple responses): `Authorization: Bearer <key>` → the producer, its
 * sources and module scope, passed to ingest as context. Lookups are cached in the container for
 * `cache.seconds`, in a bounded LRU; API Gateway caches results too, so a revoked key stops working
 * within the sum of both times (docs/ingest-api.md, *Revocation*).
 */
export function createProducerAuthorizer(
  keys: KeyLookup,
  log: Log,
  cache: AuthorizerCacheSettings,
  now: () => number = Date.now,
) {
  const lookups = new BoundedTtlCache<string, ProducerIdentity | undefined>({
    maxEntries: cache.maxEntries ?? DEFAULT_KEY_CACHE_ENTRIES,
    ttlMs: cache.seconds * 1000,
    now,
  });
  return async (event: APIGatewayRequestAuthorizerEventV2): Promise<ProducerAuthorizerResult> => {
    const key = bearerToken(event.headers?.authorization ?? event.identitySource?.[0]);
    if (!key) return { isAuthorized: false, context: {} };
    const cacheKey = hashProducerKey(key);
    const cached = lookups.get(cacheKey);
    const identity = cached ? cached.value : await keys.lookup(key);
    if (!cached) lookups.set(cacheKey, identity);
    if (!identity) {
      log.info('producer key refused', { keyId: cacheKey.slice(0, 16) });
      return { isAuthorized: false, context: {} };
    }
    return { isAuthorized: true, context: identityToContext(identity) };
  };
}

/** The authorizer, counting each key it accepts or refuses. */
export function countingAuthorizer(
  authorize: (event: APIGatewayRequestAuthorizerEventV2) => Promise<ProducerAuthorizerResult>,
  metrics: MetricSink<MetricOf<'authorizer'>>,
) {
  return async (event: APIGatewayRequestAuthorizerEventV2): Promise<ProducerAuthorizerResult> => {
    const result = await authorize(event);
    metrics.add(result.isAuthorized ? 'producerKeysAccepted' : 'producerKeysRefused', 1);
    return result;
  };
}
