import * as z from 'zod/mini';

/**
 * Whom a person acts for, as a display note: never the actor, which is the signed IAM caller.
 * `by` is the former name of the field, still accepted so that existing clients keep working.
 */
const onBehalfOf = z.optional(z.string().check(z.minLength(1), z.maxLength(128)));

/** `POST /alerts/{id}/ack`. */
export const acknowledgeSchema = z.strictObject({
  onBehalfOf,
  by: onBehalfOf,
  note: z.optional(z.string().check(z.maxLength(2048))),
});

/** `POST /alerts/{id}/resolve`. */
export const resolveSchema = z.strictObject({
  onBehalfOf,
  by: onBehalfOf,
  notes: z.optional(z.string().check(z.maxLength(2048))),
});

/** The id in `/alerts/{id}` and `/silences/{id}`: a ULID, as Vigil makes them. */
export const resourceIdSchema = z
  .string()
  .check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an id (a ULID)'));
