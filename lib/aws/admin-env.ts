import * as z from 'zod/mini';
import { burstOverrideSchema } from '#lib/core/ingest/burst.ts';
import { jsonArray, nonEmpty, positiveInt } from './env.ts';

/** The environment of the admin function. */
export const adminEnvSchema = z.object({
  ANNOUNCEMENTS_TABLE_NAME: nonEmpty,
  HISTORY_TABLE_NAME: nonEmpty,
  HISTORY_SHARDS: positiveInt(16),
  DEDUP_TABLE_NAME: nonEmpty,
  ALERTS_TABLE_NAME: nonEmpty,
  MODULES_TABLE_NAME: nonEmpty,
  EVENT_BUS_NAME: nonEmpty,
  HISTORY_RETENTION_SECONDS: positiveInt(7 * 86_400),
  BURST_THRESHOLD: positiveInt(20),
  BURST_WINDOW_SECONDS: positiveInt(60),
  BURST_OVERRIDES: z._default(z.pipe(jsonArray, z.array(burstOverrideSchema)), []),
});
export type AdminEnv = z.output<typeof adminEnvSchema>;
