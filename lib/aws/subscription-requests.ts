import * as z from 'zod/mini';
import { nameSchema } from '#lib/core/envelope.ts';
import { ValidationError } from '#lib/core/validation.ts';
import { coercedNumber } from '../core/zod-parts.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export const eventIdSchema = z.string().check(z.minLength(1), z.maxLength(128));
export const subscriptionNameSchema = nameSchema;

export const deliveriesQuerySchema = z.strictObject({
  limit: z._default(coercedNumber().check(z.int(), z.gte(1), z.lte(MAX_PAGE_SIZE)), DEFAULT_PAGE_SIZE),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

const keySchema = z.record(z.string(), z.string());

/** The index position after a page, for the next one: opaque to callers (base64url JSON). */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** A cursor this API issued for this subscription's listing, back to the index key; 400 naming `cursor` otherwise. */
export function decodeCursor(cursor: string, subscription: string): Record<string, string> {
  let key: Record<string, string> | undefined;
  try {
    const parsed = keySchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    key = parsed.success ? parsed.data : undefined;
  } catch {
    key = undefined;
  }
  if (!key || key.bySubPk !== subscription)
    throw new ValidationError(
      'cursor',
      'is not a cursor of this listing; drop it to start from the first page',
    );
  return key;
}
