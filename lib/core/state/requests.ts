import { z } from 'zod';

const NAME_RULE = 'must be 1-128 characters of A-Z a-z 0-9 . _ : / -';
const LIMIT_RULE = 'must be a whole number from 1 to 100';
const isoTime = z.iso
  .datetime({
    offset: true,
    error: 'must be an ISO-8601 date-time with a time zone, e.g. 2026-01-31T12:00:00Z',
  })
  .transform((t) => new Date(t).toISOString());
const limit = z.coerce.number({ error: LIMIT_RULE }).int(LIMIT_RULE).min(1, LIMIT_RULE).max(100, LIMIT_RULE);

/** The `{name}` of `/modules/{name}`: a module name as producers send it. */
export const moduleNameSchema = z.string().regex(/^[A-Za-z0-9._:/-]{1,128}$/, NAME_RULE);

/** `POST /modules/{name}/events`: the event without its `state.` prefix, e.g. `{"type": "TASK_START"}`. */
export const moduleEventRequestSchema = z.strictObject({
  type: z.string({ error: 'is required' }).min(1, 'is required').max(64),
  data: z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }).optional(),
  /** Who does it; required for PRIORITY_OVERRIDE (the signed-in caller otherwise). */
  by: z.string().min(1).max(256).optional(),
});

/** `GET /modules?limit=&cursor=`. */
export const moduleListQuerySchema = z.strictObject({
  limit: limit.default(50),
  cursor: z.string().max(512).optional(),
});

/** `GET /modules/{name}?at=`: the state now, or at a past time. */
export const moduleQuerySchema = z.strictObject({ at: isoTime.optional() });

/** `GET /modules/{name}/transitions?from=&to=&limit=&cursor=`, oldest first. */
export const transitionsQuerySchema = z
  .strictObject({
    from: isoTime.optional(),
    to: isoTime.optional(),
    limit: limit.default(100),
    cursor: z.string().max(512).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    path: ['from'],
    error: 'must not be after to',
  });
