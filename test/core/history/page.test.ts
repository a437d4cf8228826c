import { describe, expect, it } from 'vitest';
import type { Envelope } from '#lib/core/envelope.ts';
import { cursorSchema } from '#lib/core/history/cursor.ts';
import { pageOf } from '#lib/core/history/page.ts';
import { parseHistoryQuery } from '#lib/core/history/query.ts';

const NOW = Date.parse('2026-11-23T10:30:00.000Z');

const envelope = (receivedAt: string, id: string): Envelope => ({
  id,
  source: 's',
  type: 't',
  severity: 'INFO',
  time: receivedAt,
  receivedAt,
});

describe('Function: pageOf', () => {
  it('hands out a cursor at the last returned event, bound to the query and its frozen start', () => {
    // Prepare
    const query = parseHistoryQuery({ source: 's', order: 'asc' }, { nowMs: NOW, retentionSeconds: 86_400 });
    const last = envelope('2026-11-23T10:10:00.000Z', '01JD0000000000000000000002');
    const rows = [envelope('2026-11-23T10:00:00.000Z', '01JD0000000000000000000001'), last];

    // Act
    const page = pageOf(query, { rows, more: true });

    // Assess
    expect(page.events).toEqual(rows);
    expect(cursorSchema.parse(page.nextCursor)).toEqual({
      query: { from: null, to: null, source: 's', type: null, severity: null, order: 'asc' },
      start: '2026-11-23T09:30:00.000Z',
      after: { receivedAt: last.receivedAt, id: last.id },
    });
    expect(page.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('hands out no cursor once the range is exhausted', () => {
    const query = parseHistoryQuery({}, { nowMs: NOW, retentionSeconds: 86_400 });
    expect(pageOf(query, { rows: [], more: false })).toEqual({ events: [], nextCursor: null });
  });
});
