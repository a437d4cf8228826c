import { type CronSchedule, parseCronFields } from './cron-expression.ts';
import { InvalidScheduleExpressionError } from './schedule-errors.ts';

export type Schedule =
  | { readonly kind: 'rate'; readonly expression: string; readonly periodMs: number }
  | ({ readonly kind: 'cron'; readonly expression: string } & CronSchedule);

const UNIT_MS: Readonly<Record<string, number>> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/** `rate(1 minute)`, `rate(5 minutes)`…: the unit is singular for 1 and plural above, as EventBridge demands. */
function parseRate(expression: string, body: string): Schedule {
  const match = /^(\d+) (minute|hour|day)(s?)$/.exec(body);
  if (!match) throw new InvalidScheduleExpressionError(`"${expression}": expected rate(<value> <unit>)`);
  const [, valueText = '', unit = '', plural] = match;
  const value = Number(valueText);
  if (value < 1) throw new InvalidScheduleExpressionError(`"${expression}": the value must be positive`);
  if ((value === 1) !== (plural === ''))
    throw new InvalidScheduleExpressionError(
      `"${expression}": the unit is singular for 1 and plural otherwise (rate(1 ${unit}), rate(${Math.max(value, 2)} ${unit}s))`,
    );
  return { kind: 'rate', expression, periodMs: value * (UNIT_MS[unit] as number) };
}

/**
 * Parses a rule's `ScheduleExpression`: `rate(value unit)` or `cron(6 fields)`. Throws
 * `InvalidScheduleExpressionError` for what PutRule refuses and `UnsupportedScheduleExpressionError`
 * for what the EventBridge documentation does not describe.
 */
export function parseScheduleExpression(expression: string): Schedule {
  const call = /^(rate|cron)\((.*)\)$/s.exec(expression);
  if (!call)
    throw new InvalidScheduleExpressionError(
      `"${expression}": expected rate(<value> <unit>) or cron(<6 fields>)`,
    );
  const [, kind, body = ''] = call;
  if (kind === 'rate') return parseRate(expression, body);
  try {
    return { kind: 'cron', expression, ...parseCronFields(body) };
  } catch (error) {
    if (error instanceof Error) error.message = `"${expression}": ${error.message}`;
    throw error;
  }
}
