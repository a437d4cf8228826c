import { z } from 'zod';
import { isoTimeSchema, nameSchema, SEVERITIES } from '../envelope.ts';
import { InvalidEventPatternError } from '../pattern/errors.ts';
import { compilePattern } from '../pattern.ts';

export const MAX_RATE_PER_SECOND = 10_000;

/** What a replay selects: the history range and filters, then (optionally) a full EventBridge pattern. */
export const replayFilterSchema = z.strictObject({
  source: nameSchema.optional(),
  type: nameSchema.optional(),
  severity: z.enum(SEVERITIES).optional(),
  /** Matched against each event as the bus carried it (Source `vigil.ingest`, DetailType, Detail). */
  pattern: z
    .record(z.string(), z.unknown(), { error: 'must be an EventBridge event pattern (a JSON object)' })
    .superRefine((pattern, ctx) => {
      try {
        compilePattern(pattern);
      } catch (error) {
        if (!(error instanceof InvalidEventPatternError)) throw error;
        ctx.addIssue({ code: 'custom', message: `is not a valid event pattern: ${error.message}` });
      }
    })
    .optional(),
});

/** `POST /replay`, and the payload of a direct invocation of the replay function. */
export const replayRequestSchema = z.strictObject({
  from: isoTimeSchema,
  to: isoTimeSchema,
  filter: replayFilterSchema.optional(),
  /** Idempotency: a second request with the same name gets the first replay back. */
  name: nameSchema.optional(),
  dryRun: z.boolean({ error: 'must be true or false' }).optional(),
  ratePerSecond: z
    .number({ error: `must be a number from 1 to ${MAX_RATE_PER_SECOND}` })
    .int(`must be a whole number from 1 to ${MAX_RATE_PER_SECOND}`)
    .min(1, `must be a whole number from 1 to ${MAX_RATE_PER_SECOND}`)
    .max(MAX_RATE_PER_SECOND, `must be a whole number from 1 to ${MAX_RATE_PER_SECOND}`)
    .optional(),
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
