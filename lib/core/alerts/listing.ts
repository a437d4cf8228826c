import * as z from 'zod/mini';
import { nameSchema } from '../envelope.ts';
import { ValidationError } from '../validation.ts';
import { coercedNumber } from '../zod-parts.ts';
import type { Alert } from './alert.ts';
import { ALERT_STATES, type AlertState } from './lifecycle.ts';

export const ALERT_LIST_LIMIT = { default: 50, max: 100 } as const;
const ALERT_SEVERITIES = ['WARNING', 'CRITICAL'] as const;
const LIMIT_RULE = `must be a whole number from 1 to ${ALERT_LIST_LIMIT.max}`;

/** `GET /alerts?state=&severity=&source=&type=&limit=&cursor=`. */
export const alertListQuerySchema = z.strictObject({
  state: z.optional(z.enum(ALERT_STATES)),
  severity: z.optional(z.enum(ALERT_SEVERITIES)),
  source: z.optional(nameSchema),
  type: z.optional(nameSchema),
  limit: z._default(
    coercedNumber({ error: LIMIT_RULE }).check(
      z.int(LIMIT_RULE),
      z.gte(1, LIMIT_RULE),
      z.lte(ALERT_LIST_LIMIT.max, LIMIT_RULE),
    ),
    ALERT_LIST_LIMIT.default,
  ),
  cursor: z.optional(z.string().check(z.maxLength(512))),
});
export type AlertListQuery = z.output<typeof alertListQuerySchema>;

/**
 * The one view `GET /alerts` reads, an index over alert items by state, newest first (the planner,
 * the reader and infra use these). One index, not one per filter: each index entry an alert opens
 * is one more write inside its transaction (2 units in AWS accounting).
 */
export const ALERT_INDEXES = ['byState'] as const;
export type AlertIndex = (typeof ALERT_INDEXES)[number];
/** Projected into the alert index: what a list filter tests besides the partition. */
export const ALERT_INDEX_ATTRIBUTES = ['state', 'severity', 'source', 'type'] as const;

/** Conditions the state partitions do not serve: applied as a filter on what they return. */
export interface AlertListFilter {
  readonly severity?: Alert['severity'];
  readonly source?: string;
  readonly type?: string;
}

/**
 * Which index partitions to read, newest first by `listSk` (the alert id: the ULID of the event
 * that opened it, so the time that event was accepted), merged when there are several, and what is left to filter. A moving `lastSeenAt` would make a
 * poor page boundary (an alert updated mid-walk would be skipped or shown twice); the open time
 * never moves, and an alert changing state mid-walk stays at its place in the merged partitions.
 */
export interface AlertListPlan {
  readonly index: AlertIndex;
  readonly partitions: readonly string[];
  readonly filter: AlertListFilter;
  /** Only alerts opened before this one (exclusive), when continuing from a cursor. */
  readonly before?: string;
  readonly limit: number;
}

export const statePartition = (state: AlertState) => `STATE#${state}`;

/** The state partition of the query, or the three merged; severity, source and type filter what they return. */
export function planAlertList(query: AlertListQuery): AlertListPlan {
  const before = query.cursor === undefined ? {} : { before: decodeAlertCursor(query.cursor, query) };
  const filter = Object.fromEntries(
    Object.entries({ severity: query.severity, source: query.source, type: query.type }).filter(
      ([, v]) => v !== undefined,
    ),
  ) as AlertListFilter;
  return {
    index: 'byState',
    partitions: (query.state === undefined ? ALERT_STATES : [query.state]).map(statePartition),
    filter,
    ...before,
    limit: query.limit,
  };
}

/** The index keys every alert item carries; `listSk` sorts newest first with ScanIndexForward=false. */
export function alertIndexKeys(alert: Pick<Alert, 'id' | 'state'>) {
  return { byStatePk: statePartition(alert.state), listSk: alert.id };
}

/** Newest first across partitions: the first `limit`, and whether any alert is left after them. */
export function mergeNewestFirst<T extends { readonly id: string }>(
  partitions: readonly (readonly T[])[],
  limit: number,
): { alerts: T[]; more: boolean } {
  const all = partitions.flat().sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return { alerts: all.slice(0, limit), more: all.length > limit };
}

const cursorSchema = z.strictObject({
  before: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)),
  query: z.string(),
});

/** The filters a cursor belongs to: a cursor reused with other filters would page through the wrong list. */
function queryBinding(query: Pick<AlertListQuery, 'state' | 'severity' | 'source' | 'type'>): string {
  return [query.state, query.severity, query.source, query.type].map((v) => v ?? '').join('\u0000');
}

export function encodeAlertCursor(lastId: string, query: AlertListQuery): string {
  return Buffer.from(JSON.stringify({ before: lastId, query: queryBinding(query) })).toString('base64url');
}

function decodeAlertCursor(cursor: string, query: AlertListQuery): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new ValidationError('cursor', 'is not a cursor this API returned');
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success) throw new ValidationError('cursor', 'is not a cursor this API returned');
  if (result.data.query !== queryBinding(query))
    throw new ValidationError('cursor', 'belongs to a query with other filters; start again without it');
  return result.data.before;
}
