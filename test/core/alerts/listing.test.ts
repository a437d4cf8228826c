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
  const ALL = ['STATE#new', 'STATE#acknowledged', 'STATE#resolved'];
  it.each([
    [{}, ALL, {}],
    [{ type: 'jam' }, ALL, { type: 'jam' }],
    [{ state: 'new', severity: 'CRITICAL' }, ['STATE#new'], { severity: 'CRITICAL' }],
    [{ severity: 'WARNING', type: 'jam' }, ALL, { severity: 'WARNING', type: 'jam' }],
    [{ source: 'press' }, ALL, { source: 'press' }],
    [
      { source: 'press', state: 'resolved', severity: 'WARNING' },
      ['STATE#resolved'],
      { severity: 'WARNING', source: 'press' },
    ],
  ])(
    'reads %o from its state partition (else all three), filtering on the rest',
    (input, partitions, filter) => {
      const plan = planAlertList(query(input));
      expect(plan).toEqual({ index: 'byState', partitions, filter, limit: 50 });
    },
  );

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
