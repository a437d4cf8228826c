import { z } from 'zod';

/**
 * Whom a person acts for, as a display note: never the actor, which is the signed IAM caller.
 * `by` is the former name of the field, still accepted so that existing clients keep working.
 */
const onBehalfOf = z.string().min(1).max(128).optional();

/** `POST /alerts/{id}/ack`. */
export const acknowledgeSchema = z.strictObject({
  onBehalfOf,
  by: onBehalfOf,
  note: z.string().max(2048).optional(),
});

/**
 * `POST /alerts/{id}/resolve`, with a `note` as ack takes it. `notes` is the former name of the
 * field, still accepted (not both at once) so that existing clients keep working.
 */
export const resolveSchema = z
  .strictObject({
    onBehalfOf,
    by: onBehalfOf,
    note: z.string().max(2048).optional(),
    notes: z.string().max(2048).optional(),
  })
  .refine((body) => body.note === undefined || body.notes === undefined, {
    path: ['notes'],
    message: 'is the former name of note: give one of them',
  })
  .transform(({ notes, ...body }) => {
    const note = body.note ?? notes;
    return { ...body, ...(note === undefined ? {} : { note }) };
  });

/** The id in `/alerts/{id}` and `/silences/{id}`: a ULID, as Vigil makes them. */
export const resourceIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an id (a ULID)');
