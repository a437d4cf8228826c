import { ValidationError } from '#lib/core/validation.ts';

const NOT_OURS = 'is not a cursor this API returned for this query';
/** A transition log key, as the module store writes it: `T#<appliedAt>#<version, 10 digits>`. */
const LOG_KEY = /^T#\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z#\d{10}$/;
const BASE64URL = /^[A-Za-z0-9_-]{1,512}$/;

/**
 * The log key a `GET /modules/{name}/transitions` cursor stands for. It must be a log key, and
 * lie inside the query's own bounds (the store's `T#<from>` … `T#<to>#~`): DynamoDB refuses a
 * start key outside the key condition, and that refusal would otherwise be a 500.
 */
export function logKeyOfCursor(
  cursor: string | undefined,
  range: { readonly from?: string | undefined; readonly to?: string | undefined },
): string | undefined {
  if (cursor === undefined) return undefined;
  const key = BASE64URL.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!LOG_KEY.test(key)) throw new ValidationError('cursor', NOT_OURS);
  const lower = `T#${range.from ?? ''}`;
  const upper = `T#${range.to ?? '~'}#~`;
  if (key < lower || key > upper) throw new ValidationError('cursor', NOT_OURS);
  return key;
}
