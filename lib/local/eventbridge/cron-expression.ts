import { Cron } from 'croner';
import { InvalidScheduleExpressionError, UnsupportedScheduleExpressionError } from './schedule-errors.ts';

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Whether a range may run past the maximum and start again (`20-2` hours: 20…23, 0…2). */
  readonly wraps: boolean;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** EventBridge counts days of the week from 1 = SUN to 7 = SAT (Quartz's numbering, not Unix cron's). */
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const numbered = (names: readonly string[]) => Object.fromEntries(names.map((name, i) => [name, i + 1]));

const MINUTES: Field = { name: 'Minutes', min: 0, max: 59, wraps: true };
const HOURS: Field = { name: 'Hours', min: 0, max: 23, wraps: true };
const DAY_OF_MONTH: Field = { name: 'Day-of-month', min: 1, max: 31, wraps: true };
const MONTH: Field = { name: 'Month', min: 1, max: 12, wraps: true, names: numbered(MONTHS) };
const DAY_OF_WEEK: Field = { name: 'Day-of-week', min: 1, max: 7, wraps: true, names: numbered(WEEKDAYS) };
const YEAR: Field = { name: 'Year', min: 1970, max: 2199, wraps: false };

function invalid(field: Field, text: string, why: string): InvalidScheduleExpressionError {
  return new InvalidScheduleExpressionError(`${field.name} "${text}": ${why}`);
}

function value(field: Field, text: string): number {
  const named = field.names?.[text.toUpperCase()];
  if (named !== undefined) return named;
  if (!/^\d+$/.test(text)) throw invalid(field, text, 'not a number');
  const n = Number(text);
  if (n < field.min || n > field.max) throw invalid(field, text, `out of range ${field.min}-${field.max}`);
  return n;
}

/** `a`, `a-b` (wrapping where the field allows), `*`, each with an optional `/step`: the values it covers. */
function expandItem(field: Field, item: string): number[] {
  const [range = '', stepText, extra] = item.split('/');
  if (extra !== undefined) throw invalid(field, item, 'more than one "/"');
  const step = stepText === undefined ? 1 : Number(stepText);
  if (stepText !== undefined && (!/^\d+$/.test(stepText) || step < 1))
    throw invalid(field, item, 'the increment must be a positive integer');
  let from: number;
  let to: number;
  if (range === '*') [from, to] = [field.min, field.max];
  else if (range.includes('-')) {
    const [low = '', high = '', more] = range.split('-');
    if (more !== undefined) throw invalid(field, item, 'not a range');
    [from, to] = [value(field, low), value(field, high)];
  } else {
    // Quartz reads `a/n` as "from a, every n" (the docs' `0/15`, `1/10`); a lone `a` is just a.
    from = value(field, range);
    to = stepText === undefined ? from : field.max;
  }
  if (from > to && !field.wraps) throw invalid(field, item, 'the range ends before it starts');
  const span = from <= to ? to - from : field.max - from + 1 + (to - field.min);
  const values: number[] = [];
  for (let offset = 0; offset <= span; offset += step) {
    const v = from + offset;
    values.push(v > field.max ? v - field.max - 1 + field.min : v);
  }
  return values;
}

/** A list of items as croner reads it: `*` stays, anything else becomes the explicit values. */
function plainField(field: Field, text: string): string {
  if (text === '*') return '*';
  if (text === '') throw invalid(field, text, 'empty');
  const values = new Set(text.split(',').flatMap((item) => expandItem(field, item)));
  return [...values].sort((a, b) => a - b).join(',');
}

function dayOfMonth(text: string): string {
  if (text === 'L') return 'L';
  const weekday = /^(\d+)W$/.exec(text);
  if (weekday) return `${value(DAY_OF_MONTH, weekday[1] as string)}W`;
  if (/[LW]/i.test(text))
    // Quartz also reads `LW` and `L-3`; EventBridge's pages do not, so they are not guessed at.
    throw new UnsupportedScheduleExpressionError(
      `Day-of-month "${text}": EventBridge documents only "L" and "<day>W", each alone in the field`,
    );
  return plainField(DAY_OF_MONTH, text);
}

function dayOfWeek(text: string): string {
  // `L` alone is the last day of the week, Saturday; `<day>L` the month's last such day.
  if (text === 'L') return '7';
  const last = /^([A-Za-z]+|\d+)L$/.exec(text);
  if (last) return `${value(DAY_OF_WEEK, last[1] as string)}#L`;
  const nth = /^([A-Za-z]+|\d+)#(\d+)$/.exec(text);
  if (nth) {
    const instance = Number(nth[2]);
    if (instance < 1 || instance > 5) throw invalid(DAY_OF_WEEK, text, 'the instance after "#" must be 1-5');
    return `${value(DAY_OF_WEEK, nth[1] as string)}#${instance}`;
  }
  if (text.includes('#')) throw invalid(DAY_OF_WEEK, text, 'a "#" expression must be alone in the field');
  return plainField(DAY_OF_WEEK, text);
}

/** A parsed EventBridge cron expression: the next fire time after a given instant, in UTC. */
export interface CronSchedule {
  /** The same schedule in croner's 7-field Quartz dialect (seconds first), for the curious. */
  readonly croner: string;
  next(after: Date): Date | undefined;
}

/**
 * Reads the six fields of `cron(Minutes Hours Day-of-month Month Day-of-week Year)` as EventBridge
 * documents them (UTC; `?` in exactly one of the day fields; `L`, `W`, `#`; 1-7 = SUN-SAT) and
 * translates them for croner, which does the calendar work. What EventBridge would refuse throws
 * `InvalidScheduleExpressionError`; what it does not document throws `UnsupportedScheduleExpressionError`.
 */
export function parseCronFields(fieldsText: string): CronSchedule {
  const fields = fieldsText.trim().split(/\s+/);
  if (fields.length !== 6)
    throw new InvalidScheduleExpressionError(`a cron expression has 6 fields, got ${fields.length}`);
  const [minutes, hours, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  if ((dom === '?') === (dow === '?'))
    throw new InvalidScheduleExpressionError(
      'exactly one of Day-of-month and Day-of-week must be "?" (they cannot both be given)',
    );
  const croner = [
    '0',
    plainField(MINUTES, minutes),
    plainField(HOURS, hours),
    dom === '?' ? '*' : dayOfMonth(dom),
    plainField(MONTH, month),
    dow === '?' ? '*' : dayOfWeek(dow),
    plainField(YEAR, year),
  ].join(' ');
  let cron: Cron;
  try {
    // `?` became `*`, so day-of-month AND day-of-week is exactly EventBridge's rule.
    cron = new Cron(croner, {
      timezone: 'UTC',
      mode: '7-part',
      alternativeWeekdays: true,
      domAndDow: true,
    });
  } catch (error) {
    throw new InvalidScheduleExpressionError(`not a schedule croner accepts (${croner})`, { cause: error });
  }
  return { croner, next: (after) => cron.nextRun(after) ?? undefined };
}
