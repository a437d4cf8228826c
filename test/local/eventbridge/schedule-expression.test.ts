import { describe, expect, it } from 'vitest';
import {
  InvalidScheduleExpressionError,
  UnsupportedScheduleExpressionError,
} from '#lib/local/eventbridge/schedule-errors.ts';
import { parseScheduleExpression } from '#lib/local/eventbridge/schedule-expression.ts';

/** The next `count` fire times after `from`, as ISO strings (`none` once the schedule ends). */
function nextFires(expression: string, from: string, count = 3): string[] {
  const schedule = parseScheduleExpression(expression);
  if (schedule.kind !== 'cron') throw new Error(`${expression} is not a cron schedule`);
  const fires: string[] = [];
  let after = new Date(from);
  for (let i = 0; i < count; i++) {
    const next = schedule.next(after);
    if (!next) return [...fires, 'none'];
    fires.push(next.toISOString().replace('.000Z', 'Z'));
    after = next;
  }
  return fires;
}

describe('Function: parseScheduleExpression', () => {
  describe('rate expressions', () => {
    it.each([
      ['rate(1 minute)', 60_000],
      ['rate(5 minutes)', 300_000],
      ['rate(1 hour)', 3_600_000],
      ['rate(12 hours)', 43_200_000],
      ['rate(1 day)', 86_400_000],
      ['rate(7 days)', 604_800_000],
    ])('reads %s as a period of %i ms', (expression, periodMs) => {
      expect(parseScheduleExpression(expression)).toEqual({ kind: 'rate', expression, periodMs });
    });

    it.each([
      ['rate(1 minutes)', /singular for 1/],
      ['rate(5 hour)', /plural otherwise/],
      ['rate(0 minutes)', /positive/],
      ['rate(30 seconds)', /expected rate/],
      ['rate(1.5 hours)', /expected rate/],
      ['rate(5minutes)', /expected rate/],
      ['rate(-5 minutes)', /expected rate/],
      ['every 5 minutes', /expected rate\(<value> <unit>\) or cron/],
    ])('refuses %s as PutRule does', (expression, message) => {
      expect(() => parseScheduleExpression(expression)).toThrow(InvalidScheduleExpressionError);
      expect(() => parseScheduleExpression(expression)).toThrow(message);
    });
  });

  describe('cron expressions: next fire times (UTC) of the documented examples', () => {
    it.each([
      // Saturday 2026-03-14 09:26:53 UTC unless said otherwise.
      ['cron(0 10 * * ? *)', '2026-03-14T09:26:53Z', ['2026-03-14T10:00:00Z', '2026-03-15T10:00:00Z']],
      ['cron(15 12 * * ? *)', '2026-03-14T09:26:53Z', ['2026-03-14T12:15:00Z', '2026-03-15T12:15:00Z']],
      ['cron(0 18 ? * MON-FRI *)', '2026-03-13T18:00:00Z', ['2026-03-16T18:00:00Z', '2026-03-17T18:00:00Z']],
      ['cron(0 8 1 * ? *)', '2026-03-14T09:26:53Z', ['2026-04-01T08:00:00Z', '2026-05-01T08:00:00Z']],
      ['cron(0/15 * * * ? *)', '2026-03-14T09:26:53Z', ['2026-03-14T09:30:00Z', '2026-03-14T09:45:00Z']],
      ['cron(1/10 * * * ? *)', '2026-03-14T09:26:53Z', ['2026-03-14T09:31:00Z', '2026-03-14T09:41:00Z']],
      [
        'cron(0/5 8-17 ? * MON-FRI *)',
        '2026-03-13T17:55:00Z',
        ['2026-03-16T08:00:00Z', '2026-03-16T08:05:00Z'],
      ],
      [
        'cron(0/30 20-2 ? * MON-FRI *)',
        '2026-03-13T23:30:00Z',
        ['2026-03-16T00:00:00Z', '2026-03-16T00:30:00Z'],
      ],
      ['cron(5,35 14 * * ? *)', '2026-03-14T14:05:00Z', ['2026-03-14T14:35:00Z', '2026-03-15T14:05:00Z']],
    ])('%s after %s fires at %j', (expression, from, expected) => {
      expect(nextFires(expression, from, expected.length)).toEqual(expected);
    });

    it('fires the last Friday of each month of 2019-2022 for cron(15 10 ? * 6L 2019-2022), then never', () => {
      expect(nextFires('cron(15 10 ? * 6L 2019-2022)', '2019-01-01T00:00:00Z')).toEqual([
        '2019-01-25T10:15:00Z',
        '2019-02-22T10:15:00Z',
        '2019-03-29T10:15:00Z',
      ]);
      expect(nextFires('cron(15 10 ? * 6L 2019-2022)', '2022-12-30T10:15:00Z')).toEqual(['none']);
    });

    it.each([
      ['1-7 = SUN-SAT: 1 is Sunday', 'cron(0 9 ? * 1 *)', ['2026-03-15T09:00:00Z', '2026-03-22T09:00:00Z']],
      ['names in any case', 'cron(0 9 ? * sun *)', ['2026-03-15T09:00:00Z', '2026-03-22T09:00:00Z']],
      ['L alone is Saturday', 'cron(0 9 ? * L *)', ['2026-03-21T09:00:00Z', '2026-03-28T09:00:00Z']],
      ['3#2, the second Tuesday', 'cron(0 12 ? * 3#2 *)', ['2026-04-14T12:00:00Z', '2026-05-12T12:00:00Z']],
      ['TUE#2 by name', 'cron(0 12 ? * TUE#2 *)', ['2026-04-14T12:00:00Z', '2026-05-12T12:00:00Z']],
      ['L, the last day of the month', 'cron(0 9 L * ? *)', ['2026-03-31T09:00:00Z', '2026-04-30T09:00:00Z']],
      [
        'a wrapping day range FRI-MON',
        'cron(0 9 ? * FRI-MON *)',
        ['2026-03-15T09:00:00Z', '2026-03-16T09:00:00Z'],
      ],
      ['month names', 'cron(0 9 1 jan,FEB ? *)', ['2027-01-01T09:00:00Z', '2027-02-01T09:00:00Z']],
    ])('reads %s', (_case, expression, expected) => {
      expect(nextFires(expression, '2026-03-14T09:26:53Z', expected.length)).toEqual(expected);
    });

    it('moves nW to the nearest weekday inside the month', () => {
      // 2026-08-01 is a Saturday (→ Monday the 3rd); 2026-05-31 a Sunday (→ Friday the 29th).
      expect(nextFires('cron(0 9 1W * ? *)', '2026-07-15T00:00:00Z', 2)).toEqual([
        '2026-08-03T09:00:00Z',
        '2026-09-01T09:00:00Z',
      ]);
      expect(nextFires('cron(0 9 31W * ? *)', '2026-05-01T00:00:00Z', 1)).toEqual(['2026-05-29T09:00:00Z']);
    });

    it('fires on 29 February only in leap years', () => {
      expect(nextFires('cron(0 0 29 2 ? 2027-2030)', '2026-03-14T00:00:00Z')).toEqual([
        '2028-02-29T00:00:00Z',
        'none',
      ]);
    });

    it('fires strictly after the instant it is given, even on a fire time', () => {
      expect(nextFires('cron(0 10 * * ? *)', '2026-03-14T10:00:00Z', 1)).toEqual(['2026-03-15T10:00:00Z']);
    });
  });

  describe('cron expressions EventBridge refuses', () => {
    it.each([
      ['both day fields given', 'cron(0 10 * * * *)', /exactly one of Day-of-month and Day-of-week/],
      ['both day fields "?"', 'cron(0 10 ? * ? *)', /exactly one of Day-of-month and Day-of-week/],
      ['five fields', 'cron(0 10 * * ?)', /6 fields, got 5/],
      ['a minute out of range', 'cron(60 10 * * ? *)', /Minutes "60": out of range 0-59/],
      ['a year before 1970', 'cron(0 10 * * ? 1969)', /Year "1969": out of range 1970-2199/],
      ['a weekday 0', 'cron(0 10 ? * 0 *)', /Day-of-week "0": out of range 1-7/],
      ['two "#" expressions', 'cron(0 10 ? * 3#1,6#3 *)', /"#" expression must be alone/],
      ['a sixth Tuesday', 'cron(0 10 ? * 3#6 *)', /1-5/],
      ['L in the hours', 'cron(0 L * * ? *)', /Hours "L": not a number/],
      ['a year range backwards', 'cron(0 10 * * ? 2022-2019)', /the range ends before it starts/],
      ['an increment of 0', 'cron(0/0 10 * * ? *)', /increment must be a positive integer/],
      ['not cron at all', 'cron 0 10 * * ? *', /expected rate/],
    ])('refuses %s', (_case, expression, message) => {
      expect(() => parseScheduleExpression(expression)).toThrow(InvalidScheduleExpressionError);
      expect(() => parseScheduleExpression(expression)).toThrow(message);
    });
  });

  describe('cron expressions the EventBridge documentation does not describe', () => {
    it.each([
      ['LW', 'cron(0 10 LW * ? *)'],
      ['L-3', 'cron(0 10 L-3 * ? *)'],
      ['W in a list', 'cron(0 10 1W,15 * ? *)'],
    ])('lists %s as unsupported instead of guessing', (_case, expression) => {
      expect(() => parseScheduleExpression(expression)).toThrow(UnsupportedScheduleExpressionError);
    });
  });
});
