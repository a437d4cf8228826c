import * as z from 'zod/mini';
import { REVOCATION_BOUND_SECONDS } from '#lib/core/producer-keys.ts';
import { intBetween, nonEmpty } from './env.ts';

/** The environment of the producer-key authorizer. */
export const authorizerEnvSchema = z.object({
  PRODUCER_KEYS_TABLE_NAME: nonEmpty,
  KEY_CACHE_SECONDS: intBetween(0, REVOCATION_BOUND_SECONDS, 10),
  KEY_CACHE_MAX_ENTRIES: intBetween(1, 100_000, 1_000),
});
