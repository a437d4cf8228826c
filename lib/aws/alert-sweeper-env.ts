import { z } from 'zod';
import { resolveTimeoutSchema } from '#lib/core/alerts/auto-resolve.ts';
import { jsonArray, nonEmpty } from './env.ts';

/** The environment of the alert-sweeper function. */
export const alertSweeperEnvSchema = z.object({
  ANNOUNCEMENTS_TABLE_NAME: nonEmpty,
  ALERTS_TABLE_NAME: nonEmpty,
  EVENT_BUS_NAME: nonEmpty,
  RESOLVE_TIMEOUTS: jsonArray.pipe(z.array(resolveTimeoutSchema)).default([]),
});
export type AlertSweeperEnv = z.output<typeof alertSweeperEnvSchema>;
