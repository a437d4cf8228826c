import * as z from 'zod/mini';

const LIMIT_RULE = 'must be a whole number from 1 to 100';

/** `POST /announcements/redrive` `{limit?}`: how many of the oldest kept announcements to publish again. */
export const redriveRequestSchema = z.strictObject({
  limit: z._default(
    z.number({ error: LIMIT_RULE }).check(z.int(LIMIT_RULE), z.gte(1, LIMIT_RULE), z.lte(100, LIMIT_RULE)),
    25,
  ),
});
