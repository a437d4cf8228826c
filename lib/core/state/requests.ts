import * as z from 'zod/mini';
import { isoTimeSchema, nameSchema } from '../envelope.ts';
import { coercedNumber, jsonObject } from '../zod-parts.ts';

const LIMIT_RULE = 'must be a whole number from 1 to 100';
const limit = coercedNumber({ error: LIMIT_RULE }).check(
  z.int(LIMIT_RULE),
  z.gte(1, LIMIT_RULE),
  z.lte(100, LIMIT_RULE),
);

/** The `{name}` of `/modules/{name}`: a module name as producers send it. */
export const moduleNameSchema = nameSchema;

/** `POST /modules/{name}/events`: the event without its `state.` prefix, e.g. `{"type": "TASK_START"}`. */
export const moduleEventRequestSchema = z.strictObject({
  type: z.string({ error: 'is required' }).check(z.minLength(1, 'is required'), z.maxLength(64)),
  data: z.optional(jsonObject({ error: 'must be a JSON object' })),
  /** Whom the caller acts for, a display note; the actor recorded is always the signed IAM caller. */
  onBehalfOf: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
  /** The former name of `onBehalfOf`, still accepted; never the actor. */
  by: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
});

/** `GET /modules?limit=&cursor=`. */
export const moduleListQuerySchema = z.strictObject({
  limit: z._default(limit, 50),
  cursor: z.optional(z.string().check(z.maxLength(512))),
});

/** `GET /modules/{name}?at=`: the state now, or at a past time. */
export const moduleQuerySchema = z.strictObject({ at: z.optional(isoTimeSchema) });

/** `GET /modules/{name}/transitions?from=&to=&limit=&cursor=`, oldest first. */
export const transitionsQuerySchema = z
  .strictObject({
    from: z.optional(isoTimeSchema),
    to: z.optional(isoTimeSchema),
    limit: z._default(limit, 100),
    cursor: z.optional(z.string().check(z.maxLength(512))),
  })
  .check(
    z.refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
      path: ['from'],
      error: 'must not be after to',
    }),
  );
