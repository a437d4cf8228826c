import * as z from 'zod/mini';
import { resolveTimeoutSchema } from '#lib/core/alerts/auto-resolve.ts';
import { jsonArray, nonEmpty } from './env.ts';

/** The environment of the alert-sweeper function. */
export const alertSweeperEnvSchema = z.object({
  ANNOUNCEMENTS_TABLE_NAME: nonEmpty,
  ALERTS_TABLE_NAME: nonEmpty,
  EVENT_BUS_NAME: nonEmpty,
  RESOLVE_TIMEOUTS: z._default(z.pipe(jsonArray, z.array(resolveTimeoutSchema)), []),
});
export type AlertSweeperEnv = z.output<typeof alertSweeperEnvSchema>;
