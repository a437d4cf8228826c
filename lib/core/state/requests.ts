import { z } from 'zod';
import { isoTimeSchema, nameSchema } from '../envelope.ts';

const LIMIT_RULE = 'must be a whole number from 1 to 100';
const limit = z.coerce.number({ error: LIMIT_RULE }).int(LIMIT_RULE).min(1, LIMIT_RULE).max(100, LIMIT_RULE);

/** The `{name}` of `/modules/{name}`: a module name as producers send it. */
export const moduleNameSchema = nameSchema;

/** `POST /modules/{name}/events`: the event without its `state.` prefix, e.g. `{"type": "TASK_START"}`. */
export const moduleEventRequestSchema = z.strictObject({
  type: z.string({ error: 'is required' }).min(1, 'is required').max(64),
  data: z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }).optional(),
  /** Whom the caller acts for, a display note; the actor recorded is always the signed IAM caller. */
  onBehalfOf: z.string().min(1).max(256).optional(),
  /** The former name of `onBehalfOf`, still accepted; never the actor. */
  by: z.string().min(1).max(256).optional(),
});

/** `GET /modules?limit=&cursor=`. */
export const moduleListQuerySchema = z.strictObject({
  limit: limit.default(50),
  cursor: z.string().max(512).optional(),
});

/** `GET /modules/{name}?at=`: the state now, or at a past time. */
export const moduleQuerySchema = z.strictObject({ at: isoTimeSchema.optional() });

/** `GET /modules/{name}/transitions?from=&to=&limit=&cursor=`, oldest first. */
export const transitionsQuerySchema = z
  .strictObject({
    from: isoTimeSchema.optional(),
    to: isoTimeSchema.optional(),
    limit: limit.default(100),
    cursor: z.string().max(512).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    path: ['from'],
    error: 'must not be after to',
  });
