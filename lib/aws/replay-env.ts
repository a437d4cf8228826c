import * as z from 'zod/mini';
import { nonEmpty, positiveInt } from './env.ts';

/** The environment of the replay function. */
export const replayEnvSchema = z.object({
  REPLAYS_TABLE_NAME: nonEmpty,
  HISTORY_TABLE_NAME: nonEmpty,
  HISTORY_SHARDS: positiveInt(16),
  HISTORY_RETENTION_SECONDS: positiveInt(7 * 86_400),
  EVENT_BUS_NAME: nonEmpty,
  /** Where the original bus events were, for replay patterns that name account or region. */
  ACCOUNT_ID: nonEmpty,
  AWS_REGION: nonEmpty,
});
export type ReplayEnv = z.output<typeof replayEnvSchema>;
