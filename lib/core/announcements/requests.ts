import { z } from 'zod';

const LIMIT_RULE = 'must be a whole number from 1 to 100';

/** `POST /announcements/redrive` `{limit?}`: how many of the oldest kept announcements to publish again. */
export const redriveRequestSchema = z.strictObject({
  limit: z.number({ error: LIMIT_RULE }).int(LIMIT_RULE).min(1, LIMIT_RULE).max(100, LIMIT_RULE).default(25),
});
