import { describe, expect, it } from 'vitest';
import type { Alert } from '#lib/core/alerts/alert.ts';
import {
  alertListQuerySchema,
  encodeAlertCursor,
  mergeNewestFirst,
  planAlertList,
} from '#lib/core/alerts/listing.ts';
import { parseWith } from '#lib/core/validation.ts';

const query = (input: Record<string, string>) => parseWith(alertListQuerySchema, input);

describe('Function: planAlertList', () => {
  it.each([
    [{}, 'byState', ['STATE#new', 'STATE#acknowledged', 'STATE#resolved'], {}],
    [{ type: 'jam' }, 'byState', ['STATE#new', 'STATE#acknowledged', 'STATE#resolved'], { type: 'jam' }],
    [{ state: 'new', severity: 'CRITICAL' }, 'byState', ['STATE#new'], { severity: 'CRITICAL' }],
    [{ severity: 'WARNING', type: 'jam' }, 'bySeverity', ['SEV#WARNING'], { type: 'jam' }],
    [
      { source: 'press', state: 'resolved', severity: 'WARNING' },
      'bySource',
      ['SRC#press'],
      { state: 'resolved', severity: 'WARNING' },
    ],
  ])('reads %o from the most selective index', (input, index, partitions, filter) => {
    const plan = planAlertList(query(input));
    expect(plan).toEqual({ index, partitions, filter, limit: 50 });
  });

  it('continues before the alert its cursor names', () => {
    const first = query({ state: 'new', limit: '5' });
    const cursor = encodeAlertCursor('01KAB0000000000000000000ZZ', first);
    expect(planAlertList(query({ state: 'new', limit: '5', cursor })).before).toBe(
      '01KAB0000000000000000000ZZ',
    );
  });
});

describe('Function: mergeNewestFirst', () => {
  const alert = (id: string) => ({ id }) as Alert;

  it('merges partitions by id, newest first, and tells whether more is left', () => {
    const merged = mergeNewestFirst(
      [[alert('05'), alert('01')], [alert('04'), alert('03')], [alert('02')]],
      3,
    );
    expect(merged).toEqual({ alerts: [alert('05'), alert('04'), alert('03')], more: true });
    expect(mergeNewestFirst([[alert('01')], []], 3)).toEqual({ alerts: [alert('01')], more: false });
  });
});
