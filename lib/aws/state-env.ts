import { z } from 'zod';
import { nonEmpty } from './env.ts';

/** The environment of the state function. */
export const stateEnvSchema = z.object({
  ANNOUNCEMENTS_TABLE_NAME: nonEmpty,
  MODULES_TABLE_NAME: nonEmpty,
  EVENT_BUS_NAME: nonEmpty,
  REORDER_WINDOW_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** The drain queue (delayed drains of a module's inbox): needed with a reorder window. */
  DRAIN_QUEUE_URL: nonEmpty.optional(),
});
export type StateEnv = z.output<typeof stateEnvSchema>;
