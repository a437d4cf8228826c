import * as z from 'zod/mini';
import { intBetween, nonEmpty } from './env.ts';

/** The environment of the state function. */
export const stateEnvSchema = z.object({
  ANNOUNCEMENTS_TABLE_NAME: nonEmpty,
  MODULES_TABLE_NAME: nonEmpty,
  EVENT_BUS_NAME: nonEmpty,
  REORDER_WINDOW_MS: intBetween(0, 60_000, 0),
  /** The drain queue (delayed drains of a module's inbox): needed with a reorder window. */
  DRAIN_QUEUE_URL: z.optional(nonEmpty),
});
export type StateEnv = z.output<typeof stateEnvSchema>;
