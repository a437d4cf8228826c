import * as z from 'zod/mini';
import { isoTimeSchema, nameSchema, SEVERITIES } from '../envelope.ts';
import { eventPatternCheck } from '../pattern/check.ts';

export const MAX_RATE_PER_SECOND = 10_000;
const RATE_RULE = `must be a whole number from 1 to ${MAX_RATE_PER_SECOND}`;

/** What a replay selects: the history range and filters, then (optionally) a full EventBridge pattern. */
export const replayFilterSchema = z.strictObject({
  source: z.optional(nameSchema),
  type: z.optional(nameSchema),
  severity: z.optional(z.enum(SEVERITIES)),
  /** Matched against each event as the bus carried it (Source `vigil.ingest`, DetailType, Detail). */
  pattern: z.optional(
    z
      .record(z.string(), z.unknown(), { error: 'must be an EventBridge event pattern (a JSON object)' })
      .check(eventPatternCheck),
  ),
});

/** `POST /replay`, and the payload of a direct invocation of the replay function. */
export const replayRequestSchema = z.strictObject({
  from: isoTimeSchema,
  to: isoTimeSchema,
  filter: z.optional(replayFilterSchema),
  /** Idempotency: a second request with the same name gets the first replay back. */
  name: z.optional(nameSchema),
  dryRun: z.optional(z.boolean({ error: 'must be true or false' })),
  ratePerSecond: z.optional(
    z
      .number({ error: `must be a number from 1 to ${MAX_RATE_PER_SECOND}` })
      .check(z.int(RATE_RULE), z.gte(1, RATE_RULE), z.lte(MAX_RATE_PER_SECOND, RATE_RULE)),
  ),
});
export type ReplayRequest = z.output<typeof replayRequestSchema>;

/** The range rules that need the clock and the retention: checked after the shape. */
export function replayRangeProblem(
  request: Pick<ReplayRequest, 'from' | 'to'>,
  nowMs: number,
  retentionSeconds: number,
): { field: string; rule: string } | undefined {
  if (request.from >= request.to)
    return { field: 'from', rule: `must be before to (${request.from} >= ${request.to})` };
  if (Date.parse(request.to) > nowMs)
    return { field: 'to', rule: 'must not be in the future (a replay reads what history already holds)' };
  if (Date.parse(request.to) - Date.parse(request.from) > retentionSeconds * 1000)
    return {
      field: 'from',
      rule: `must be at most ${retentionSeconds / 86_400} day(s) (the history retention) before to`,
    };
  return undefined;
}
