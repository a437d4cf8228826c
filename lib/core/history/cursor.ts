import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { SEVERITIES } from '../envelope.ts';
import { addIssue } from '../validation.ts';
import { ORDERS, type Position } from './position.ts';

/** What `Date#toISOString()` writes: the only receivedAt form history holds. */
export const CANONICAL_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const CANONICAL_ID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
const MAX_CURSOR_CHARS = 2048;
const DIGEST_CHARS = 22;

const MALFORMED = 'is not a cursor this API issued (malformed); drop it to start from the first page';
const TAMPERED =
  'was modified or corrupted (its checksum does not match); drop it to start from the first page';

const time = z.string().check(z.regex(CANONICAL_TIME));

/**
 * The query a cursor belongs to, as the first page was asked: parameters as given (normalised),
 * `null` where omitted. A later page must ask the same, so a cursor cannot leak into another query.
 */
const bindingSchema = z.strictObject({
  from: z.nullable(time),
  to: z.nullable(time),
  source: z.nullable(z.string()),
  type: z.nullable(z.string()),
  severity: z.nullable(z.enum(SEVERITIES)),
  order: z.enum(ORDERS),
});
export type CursorBinding = z.output<typeof bindingSchema>;

const payloadSchema = z.strictObject({
  v: z.literal(1),
  query: bindingSchema,
  /** The resolved start of the range, frozen: with both ends defaulted it is not derivable later. */
  start: time,
  /** The last event returned: the next page begins strictly after it (before it, newest first). */
  after: z.strictObject({ receivedAt: time, id: z.string().check(z.regex(CANONICAL_ID)) }),
  sum: z.string(),
});

export interface Cursor {
  readonly query: CursorBinding;
  readonly start: string;
  readonly after: Position;
}

/**
 * An integrity check, not a secret: it refuses hand-edited or truncated cursors. A forged one that
 * passes is harmless, because every field is re-validated against the query and the cursor grants
 * nothing the caller could not ask for directly.
 */
function digestOf(cursor: Cursor): string {
  const { query, start, after } = cursor;
  const canonical = JSON.stringify([
    'vigil.history.cursor',
    1,
    query.from,
    query.to,
    query.source,
    query.type,
    query.severity,
    query.order,
    start,
    after.receivedAt,
    after.id,
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, DIGEST_CHARS);
}

/** Opaque to clients: base64url of a small JSON document with a checksum. */
export function encodeCursor(cursor: Cursor): string {
  const payload = {
    v: 1,
    query: cursor.query,
    start: cursor.start,
    after: { receivedAt: cursor.after.receivedAt, id: cursor.after.id },
    sum: digestOf(cursor),
  };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** The `cursor` query parameter: decoded, shape-checked and checksum-verified. */
export const cursorSchema = z.pipe(
  z.string(),
  z.transform((text: string, ctx): Cursor => {
    // Buffer's base64url decoder skips foreign characters, so the alphabet is checked first.
    if (text.length === 0 || text.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(text)) {
      addIssue(ctx, MALFORMED);
      return z.NEVER;
    }
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    } catch {
      addIssue(ctx, MALFORMED);
      return z.NEVER;
    }
    const parsed = payloadSchema.safeParse(json);
    if (!parsed.success) {
      addIssue(ctx, MALFORMED);
      return z.NEVER;
    }
    const { query, start, after, sum } = parsed.data;
    const cursor: Cursor = { query, start, after };
    if (sum !== digestOf(cursor)) {
      addIssue(ctx, TAMPERED);
      return z.NEVER;
    }
    return cursor;
  }),
);
