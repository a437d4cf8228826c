import { z } from 'zod';

/** `POST /alerts/{id}/ack`. */
export const acknowledgeSchema = z.strictObject({
  by: z.string({ error: 'is required' }).min(1, 'is required').max(128),
  note: z.string().max(2048).optional(),
});

/** `POST /alerts/{id}/resolve`. */
export const resolveSchema = z.strictObject({
  by: z.string({ error: 'is required' }).min(1, 'is required').max(128),
  notes: z.string().max(2048).optional(),
});

/** The id in `/alerts/{id}` and `/silences/{id}`: a ULID, as Vigil makes them. */
export const resourceIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an id (a ULID)');
