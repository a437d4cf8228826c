import * as z from 'zod/mini';
import { isoTimeSchema, nameSchema, SEVERITIES, type Severity } from '../envelope.ts';
import { addIssue, parseWith } from '../validation.ts';
import { type Cursor, type CursorBinding, cursorSchema } from './cursor.ts';
import { ORDERS, type Order, type Position } from './position.ts';

/** With `from` omitted, the range is the hour before `to`. */
export const DEFAULT_RANGE_MS = 3_600_000;
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

const LIMIT_RULE = `must be a whole number from 1 to ${MAX_LIMIT}`;

const quoted = (input: unknown) => JSON.stringify(String(input).slice(0, 64));

/** `GET /events?from=&to=&source=&type=&severity=&limit=&cursor=&order=`, values as API Gateway passes them. */
export const historyQueryParamsSchema = z.strictObject({
  from: z.optional(isoTimeSchema),
  to: z.optional(isoTimeSchema),
  source: z.optional(nameSchema),
  type: z.optional(nameSchema),
  severity: z.optional(
    z.enum(SEVERITIES, {
      error: (issue) => `must be one of ${SEVERITIES.join(', ')}, got ${quoted(issue.input)}`,
    }),
  ),
  limit: z.optional(
    z.pipe(
      z.pipe(z.string().check(z.regex(/^\d{1,4}$/, LIMIT_RULE)), z.transform(Number)),
      z.number().check(z.gte(1, LIMIT_RULE), z.lte(MAX_LIMIT, LIMIT_RULE)),
    ),
  ),
  cursor: z.optional(cursorSchema),
  order: z.optional(z.enum(ORDERS, { error: (issue) => `must be asc or desc, got ${quoted(issue.input)}` })),
});
export type HistoryQueryParams = z.output<typeof historyQueryParamsSchema>;

export interface HistoryQueryContext {
  readonly nowMs: number;
  /** `HISTORY_RETENTION_SECONDS` of the config: no range may be longer. */
  readonly retentionSeconds: number;
}

export interface HistoryFilter {
  readonly source?: string;
  readonly type?: string;
  readonly severity?: Severity;
}

/**
 * A resolved history query. The range is half-open, `from <= receivedAt < to`: consecutive ranges
 * (`to` of one = `from` of the next) tile time without overlap or gap, and the default `to` = now
 * means "everything received before now".
 */
export interface HistoryQuery {
  readonly from: string;
  readonly to: string;
  readonly filter: HistoryFilter;
  readonly order: Order;
  readonly limit: number;
  /** From the cursor: the page starts strictly after this position (strictly before it, newest first). */
  readonly after?: Position;
  /** What a cursor for the next page binds. */
  readonly binding: CursorBinding;
}

const iso = (ms: number) => new Date(ms).toISOString();

function formatSeconds(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, unit] of units) {
    if (seconds % size === 0) return `${seconds / size} ${unit}${seconds === size ? '' : 's'}`;
  }
  return `${seconds} seconds`;
}

/**
 * Only a forged cursor fails this (the checksum binds start and position to what was issued). With
 * `to` omitted the position is not checked against now: a skewed clock must not break a walk.
 */
function fitsRange(cursor: Cursor, from: string, fixedTo: string | undefined): boolean {
  const at = cursor.after.receivedAt;
  return cursor.start === from && at >= from && (fixedTo === undefined || at < fixedTo);
}

/** A rule the query breaks, named by its parameter. */
interface QueryProblem {
  readonly path: ['from' | 'cursor'];
  readonly message: string;
}

/** What a cursor for the query binds: the parameters as given (`null` when omitted). */
function bindingOf(params: HistoryQueryParams, order: 'asc' | 'desc'): CursorBinding {
  return {
    from: params.from ?? null,
    to: params.to ?? null,
    source: params.source ?? null,
    type: params.type ?? null,
    severity: params.severity ?? null,
    order,
  };
}

/** A cursor issued for another query: which parameters changed. */
function cursorMismatch(binding: CursorBinding, cursor: Cursor): QueryProblem | undefined {
  const changed = (Object.keys(binding) as (keyof CursorBinding)[]).filter(
    (key) => binding[key] !== cursor.query[key],
  );
  if (changed.length === 0) return undefined;
  return {
    path: ['cursor'],
    message: `belongs to a different query (${changed.join(', ')} changed); repeat the first page's parameters, or drop the cursor to start over`,
  };
}

/** `from` after `to`, a range longer than the retention, or a cursor outside the range. */
function rangeProblem(
  from: string,
  to: string,
  params: HistoryQueryParams,
  context: HistoryQueryContext,
): QueryProblem | undefined {
  if (from > to) return { path: ['from'], message: `must not be after to (${from} > ${to})` };
  if (Date.parse(to) - Date.parse(from) > context.retentionSeconds * 1000)
    return {
      path: ['from'],
      message: `must be at most ${formatSeconds(context.retentionSeconds)} (the history retention) before to (${from} .. ${to})`,
    };
  if (params.cursor && !fitsRange(params.cursor, from, params.to))
    return { path: ['cursor'], message: "points outside the query's range" };
  return undefined;
}

/**
 * The query string parsed and resolved against `nowMs`. Defaults: `to` = now, `from` = `to` − 1 hour,
 * `limit` 100, `order` desc (newest first). On a later page the omitted ends resolve as on the first:
 * `from` is the cursor's frozen start, and an omitted `to` is now again, so a walk oldest-first also
 * reaches events that arrived after it began.
 */
export function historyQuerySchema(context: HistoryQueryContext) {
  return z.pipe(
    historyQueryParamsSchema,
    z.transform((params: HistoryQueryParams, ctx): HistoryQuery => {
      const order = params.order ?? 'desc';
      const binding = bindingOf(params, order);
      const { cursor } = params;
      const to = params.to ?? iso(context.nowMs);
      const from =
        params.from ??
        (params.to === undefined && cursor ? cursor.start : iso(Date.parse(to) - DEFAULT_RANGE_MS));
      const problem = (cursor && cursorMismatch(binding, cursor)) || rangeProblem(from, to, params, context);
      if (problem) {
        addIssue(ctx, problem.message, problem.path);
        return z.NEVER;
      }
      return {
        from,
        to,
        filter: {
          ...(params.source === undefined ? {} : { source: params.source }),
          ...(params.type === undefined ? {} : { type: params.type }),
          ...(params.severity === undefined ? {} : { severity: params.severity }),
        },
        order,
        limit: params.limit ?? DEFAULT_LIMIT,
        ...(cursor ? { after: cursor.after } : {}),
        binding,
      };
    }),
  );
}

/** Throws a ValidationError (400) naming the parameter and the rule, e.g. `from: must not be after to (…)`. */
export function parseHistoryQuery(params: unknown, context: HistoryQueryContext): HistoryQuery {
  return parseWith(historyQuerySchema(context), params ?? {});
}
