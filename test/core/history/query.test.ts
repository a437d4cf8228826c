import { describe, expect, it } from 'vitest';
import { type Cursor, encodeCursor } from '#lib/core/history/cursor.ts';
import { type HistoryQueryContext, parseHistoryQuery } from '#lib/core/history/query.ts';
import { ValidationError } from '#lib/core/validation.ts';

const NOW = Date.parse('2026-11-23T10:30:00.000Z');
const CONTEXT: HistoryQueryContext = { nowMs: NOW, retentionSeconds: 7 * 86_400 };
const ID = '01JD0000000000000000000000';

/** The ValidationError a query string is refused with. */
function refusal(params: Record<string, string>, context = CONTEXT) {
  try {
    parseHistoryQuery(params, context);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { code: error.code, field: error.field, message: error.message };
  }
  throw new Error(`accepted ${JSON.stringify(params)}`);
}

function cursor(overrides: Partial<Cursor> = {}): string {
  return encodeCursor({
    query: { from: null, to: null, source: null, type: null, severity: null, order: 'desc' },
    start: '2026-11-23T09:30:00.000Z',
    after: { receivedAt: '2026-11-23T10:00:00.000Z', id: ID },
    ...overrides,
  });
}

describe('Function: parseHistoryQuery', () => {
  it('defaults to the last hour before now, newest first, 100 events, no filter', () => {
    // Act
    const query = parseHistoryQuery({}, CONTEXT);

    // Assess
    expect(query).toEqual({
      from: '2026-11-23T09:30:00.000Z',
      to: '2026-11-23T10:30:00.000Z',
      filter: {},
      order: 'desc',
      limit: 100,
      binding: { from: null, to: null, source: null, type: null, severity: null, order: 'desc' },
    });
  });

  it('accepts an undefined query string (API Gateway sends none when there is none)', () => {
    expect(parseHistoryQuery(undefined, CONTEXT).limit).toBe(100);
  });

  it('ends an open range at now, and starts a range given only its end one hour before it', () => {
    expect(parseHistoryQuery({ from: '2026-11-22T10:30:00Z' }, CONTEXT)).toMatchObject({
      from: '2026-11-22T10:30:00.000Z',
      to: '2026-11-23T10:30:00.000Z',
    });
    expect(parseHistoryQuery({ to: '2026-11-20T00:00:00Z' }, CONTEXT)).toMatchObject({
      from: '2026-11-19T23:00:00.000Z',
      to: '2026-11-20T00:00:00.000Z',
    });
  });

  it('normalises times to UTC with milliseconds, as receivedAt is stored', () => {
    expect(
      parseHistoryQuery({ from: '2026-11-23T12:00:00+02:00', to: '2026-11-23T10:00:00.123456Z' }, CONTEXT),
    ).toMatchObject({ from: '2026-11-23T10:00:00.000Z', to: '2026-11-23T10:00:00.123Z' });
  });

  it('parses the filters, the limit and the order', () => {
    // Act
    const query = parseHistoryQuery(
      { source: 'sensor.a', type: 'temperature.high', severity: 'CRITICAL', limit: '1000', order: 'asc' },
      CONTEXT,
    );

    // Assess
    expect(query).toMatchObject({
      filter: { source: 'sensor.a', type: 'temperature.high', severity: 'CRITICAL' },
      limit: 1000,
      order: 'asc',
      binding: { source: 'sensor.a', type: 'temperature.high', severity: 'CRITICAL', order: 'asc' },
    });
  });

  it('accepts an empty range (from = to): it is half-open, so it holds nothing', () => {
    const at = '2026-11-23T10:00:00.000Z';
    expect(parseHistoryQuery({ from: at, to: at }, CONTEXT)).toMatchObject({ from: at, to: at });
  });

  it('accepts a range exactly as long as the retention', () => {
    expect(parseHistoryQuery({ from: '2026-11-16T10:30:00Z' }, CONTEXT).from).toBe(
      '2026-11-16T10:30:00.000Z',
    );
  });

  const TIME_RULE = 'must be an ISO-8601 date-time with a time zone, e.g. 2026-01-31T12:00:00Z';
  const NAME_RULE = 'must be 1-128 characters of A-Z a-z 0-9 . _ : / -';
  const LIMIT_RULE = 'must be a whole number from 1 to 1000';
  it.each([
    [{ from: 'yesterday' }, `from: ${TIME_RULE}`],
    [{ from: '2026-11-23T10:00:00' }, `from: ${TIME_RULE}`],
    [{ to: '2026-11-23' }, `to: ${TIME_RULE}`],
    [{ source: '' }, `source: ${NAME_RULE}`],
    [{ source: 'sensor a' }, `source: ${NAME_RULE}`],
    [{ source: 'a,b' }, `source: ${NAME_RULE}`],
    [{ type: 'x'.repeat(129) }, `type: ${NAME_RULE}`],
    [{ severity: 'critical' }, 'severity: must be one of INFO, WARNING, CRITICAL, got "critical"'],
    [{ severity: 'FATAL' }, 'severity: must be one of INFO, WARNING, CRITICAL, got "FATAL"'],
    [{ limit: '0' }, `limit: ${LIMIT_RULE}`],
    [{ limit: '1001' }, `limit: ${LIMIT_RULE}`],
    [{ limit: 'ten' }, `limit: ${LIMIT_RULE}`],
    [{ limit: '2.5' }, `limit: ${LIMIT_RULE}`],
    [{ limit: '-1' }, `limit: ${LIMIT_RULE}`],
    [{ order: 'newest' }, 'order: must be asc or desc, got "newest"'],
    [{ page: '2' }, 'page: is not a known field'],
    [
      { from: '2026-11-23T11:00:00Z' },
      'from: must not be after to (2026-11-23T11:00:00.000Z > 2026-11-23T10:30:00.000Z)',
    ],
    [
      { from: '2026-11-23T10:00:00.001Z', to: '2026-11-23T10:00:00Z' },
      'from: must not be after to (2026-11-23T10:00:00.001Z > 2026-11-23T10:00:00.000Z)',
    ],
    [
      { from: '2026-11-16T10:29:59.999Z' },
      'from: must be at most 7 days (the history retention) before to (2026-11-16T10:29:59.999Z .. 2026-11-23T10:30:00.000Z)',
    ],
  ])('refuses %j with a 400 naming the field and the rule', (params, message) => {
    expect(refusal(params)).toEqual({
      code: 'VALIDATION_FAILED',
      field: message.slice(0, message.indexOf(':')),
      message,
    });
  });

  it('names the retention in the unit it is configured in', () => {
    expect(
      refusal(
        { from: '2026-11-20T00:00:00Z', to: '2026-11-21T02:00:00Z' },
        { ...CONTEXT, retentionSeconds: 90_000 },
      ).message,
    ).toMatch(/^from: must be at most 25 hours \(the history retention\) before to/);
  });
});

describe('Function: parseHistoryQuery with a cursor', () => {
  it('continues the first page: its frozen start, and now as the end of an open range', () => {
    // Prepare: the first page was asked at 10:30, with both ends omitted
    const later = { ...CONTEXT, nowMs: NOW + 5 * 60_000 };

    // Act
    const query = parseHistoryQuery({ cursor: cursor(), limit: '7' }, later);

    // Assess
    expect(query).toMatchObject({
      from: '2026-11-23T09:30:00.000Z',
      to: '2026-11-23T10:35:00.000Z',
      limit: 7,
      after: { receivedAt: '2026-11-23T10:00:00.000Z', id: ID },
    });
  });

  it('continues a query with given ends and filters when they are repeated', () => {
    // Prepare
    const params = { from: '2026-11-23T08:00:00Z', to: '2026-11-23T09:00:00Z', source: 's', order: 'asc' };
    const issued = cursor({
      query: {
        from: '2026-11-23T08:00:00.000Z',
        to: '2026-11-23T09:00:00.000Z',
        source: 's',
        type: null,
        severity: null,
        order: 'asc',
      },
      start: '2026-11-23T08:00:00.000Z',
      after: { receivedAt: '2026-11-23T08:10:00.000Z', id: ID },
    });

    // Act
    const query = parseHistoryQuery({ ...params, cursor: issued }, CONTEXT);

    // Assess
    expect(query).toMatchObject({ from: '2026-11-23T08:00:00.000Z', to: '2026-11-23T09:00:00.000Z' });
    expect(query.after?.receivedAt).toBe('2026-11-23T08:10:00.000Z');
  });

  const MALFORMED =
    'cursor: is not a cursor this API issued (malformed); drop it to start from the first page';
  const TAMPERED =
    'cursor: was modified or corrupted (its checksum does not match); drop it to start from the first page';
  const reencode = (edit: (payload: Record<string, unknown>) => void) => {
    const payload = JSON.parse(Buffer.from(cursor(), 'base64url').toString('utf8'));
    edit(payload);
    return Buffer.from(JSON.stringify(payload)).toString('base64url');
  };
  it.each([
    ['characters outside base64url', 'abc+/=', MALFORMED],
    ['an empty cursor', '', MALFORMED],
    ['base64url of something not JSON', Buffer.from('page=2').toString('base64url'), MALFORMED],
    ['JSON of another shape', Buffer.from('{"page":2}').toString('base64url'), MALFORMED],
    ['a newer version', reencode((p) => Object.assign(p, { v: 2 })), MALFORMED],
    [
      'an id that is no ULID',
      reencode((p) => Object.assign(p, { after: { receivedAt: p.start, id: 'x' } })),
      MALFORMED,
    ],
    [
      'a time not in the stored form',
      reencode((p) => Object.assign(p, { start: '2026-11-23T09:30:00Z' })),
      MALFORMED,
    ],
    ['a cut-off cursor', cursor().slice(0, 40), MALFORMED],
    [
      'an edited position',
      reencode((p) => Object.assign(p, { after: { receivedAt: p.start, id: ID } })),
      TAMPERED,
    ],
    ['an edited start', reencode((p) => Object.assign(p, { start: '2026-11-23T08:00:00.000Z' })), TAMPERED],
    [
      'an edited filter',
      reencode((p) => Object.assign(p, { query: { ...(p.query as object), source: 'x' } })),
      TAMPERED,
    ],
    ['a longer than 2048 characters cursor', 'A'.repeat(2049), MALFORMED],
  ])('refuses %s', (_, value, message) => {
    expect(refusal({ cursor: value })).toEqual({ code: 'VALIDATION_FAILED', field: 'cursor', message });
  });

  it.each([
    [{ source: 'sensor.a' }, 'source'],
    [{ order: 'asc' }, 'order'],
    [{ to: '2026-11-23T10:30:00Z' }, 'to'],
    [{ from: '2026-11-23T09:30:00Z', severity: 'INFO' }, 'from, severity'],
  ])('refuses a cursor reused with a different query %j', (params, changed) => {
    expect(refusal({ ...params, cursor: cursor() })).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'cursor',
      message: `cursor: belongs to a different query (${changed} changed); repeat the first page's parameters, or drop the cursor to start over`,
    });
  });

  it('refuses a checksum-valid cursor whose position lies outside the range (a forgery)', () => {
    // Prepare
    const query = {
      from: '2026-11-23T08:00:00.000Z',
      to: '2026-11-23T09:00:00.000Z',
      source: null,
      type: null,
      severity: null,
      order: 'asc' as const,
    };
    const params = { from: query.from, to: query.to, order: 'asc' };
    const outside = [
      cursor({ query, start: query.from, after: { receivedAt: '2026-11-23T09:00:00.000Z', id: ID } }),
      cursor({ query, start: query.from, after: { receivedAt: '2026-11-23T07:59:59.999Z', id: ID } }),
      cursor({ query, start: '2026-11-23T07:00:00.000Z', after: { receivedAt: query.from, id: ID } }),
    ];

    // Act & Assess
    for (const value of outside) {
      expect(refusal({ ...params, cursor: value }).message).toBe("cursor: points outside the query's range");
    }
  });

  it('refuses to continue an open walk once it has grown longer than the retention', () => {
    const weekLater = { ...CONTEXT, nowMs: NOW + 7 * 86_400_000 };
    expect(refusal({ cursor: cursor() }, weekLater).message).toMatch(/^from: must be at most 7 days/);
  });
});
