import { z } from 'zod';
import { REVOCATION_BOUND_SECONDS } from '#lib/core/producer-keys.ts';
import { nonEmpty } from './env.ts';

/** The environment of the producer-key authorizer. */
export const authorizerEnvSchema = z.object({
  PRODUCER_KEYS_TABLE_NAME: nonEmpty,
  KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(REVOCATION_BOUND_SECONDS).default(10),
  KEY_CACHE_MAX_ENTRIES: z.coerce.number().int().min(1).max(100_000).default(1_000),
});
