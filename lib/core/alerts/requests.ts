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

/**
 * `POST /alerts/{id}/resolve`, with a `note` as ack takes it. `notes` is the former name of the
 * field, still accepted (not both at once) so that existing clients keep working.
 */
export const resolveSchema = z.pipe(
  z
    .strictObject({
      onBehalfOf,
      by: onBehalfOf,
      note: z.optional(z.string().check(z.maxLength(2048))),
      notes: z.optional(z.string().check(z.maxLength(2048))),
    })
    .check(
      z.refine((body) => body.note === undefined || body.notes === undefined, {
        path: ['notes'],
        message: 'is the former name of note: give one of them',
      }),
    ),
  z.transform(({ notes, ...body }) => {
    const note = body.note ?? notes;
    return { ...body, ...(note === undefined ? {} : { note }) };
  }),
);

/** The id in `/alerts/{id}` and `/silences/{id}`: a ULID, as Vigil makes them. */
export const resourceIdSchema = z
  .string()
  .check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an id (a ULID)'));
