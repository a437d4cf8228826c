import * as z from 'zod/mini';
import { DEFAULT_SILENCE_CACHE_SECONDS } from '#lib/core/alerts/silence-cache.ts';
import { intBetween, nonEmpty } from './env.ts';

/** The environment of the alerting function. */
export const alertingEnvSchema = z.object({
  ANNOUNCEMENTS_TABLE_NAME: nonEmpty,
  ALERTS_TABLE_NAME: nonEmpty,
  EVENT_BUS_NAME: nonEmpty,
  /** How long an environment reuses the silences it read (a new silence takes effect within it). */
  SILENCE_CACHE_SECONDS: intBetween(0, 60, DEFAULT_SILENCE_CACHE_SECONDS),
});
export type AlertingEnv = z.output<typeof alertingEnvSchema>;
