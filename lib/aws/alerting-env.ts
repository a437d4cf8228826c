import { z } from 'zod';
import { DEFAULT_SILENCE_CACHE_SECONDS } from '#lib/core/alerts/silence-cache.ts';
import { nonEmpty } from './env.ts';

/** The environment of the alerting function. */
export const alertingEnvSchema = z.object({
  ANNOUNCEMENTS_TABLE_NAME: nonEmpty,
  ALERTS_TABLE_NAME: nonEmpty,
  EVENT_BUS_NAME: nonEmpty,
  /** How long an environment reuses the silences it read (a new silence takes effect within it). */
  SILENCE_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(DEFAULT_SILENCE_CACHE_SECONDS),
});
export type AlertingEnv = z.output<typeof alertingEnvSchema>;
