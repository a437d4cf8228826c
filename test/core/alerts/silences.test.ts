import { describe, expect, it } from 'vitest';
import {
  expireSilence,
  type Silence,
  silenceInputSchema,
  silenceState,
  silencesFor,
} from '#lib/core/alerts/silences.ts';
import { parseWith } from '#lib/core/validation.ts';

const at = (iso: string) => Date.parse(iso);

function silence(overrides: Partial<Silence> = {}): Silence {
  return {
    id: 'S1',
    matchers: [{ field: 'source', value: 'plant7.', match: 'prefix' }],
    startsAt: '2026-11-23T10:00:00.000Z',
    endsAt: '2026-11-23T12:00:00.000Z',
    createdBy: 'ana',
    comment: 'maintenance',
    createdAt: '2026-11-23T09:00:00.000Z',
    ...overrides,
  };
}

const warning = { source: 'plant7.press', type: 'temperature.high', severity: 'WARNING' };

describe('Function: silenceState', () => {
  it.each([
    ['2026-11-23T09:59:59.999Z', 'pending'],
    ['2026-11-23T10:00:00.000Z', 'active'],
    ['2026-11-23T11:59:59.999Z', 'active'],
    ['2026-11-23T12:00:00.000Z', 'expired'],
  ])('at %s is %s', (now, state) => {
    expect(silenceState(silence(), at(now))).toBe(state);
  });
});

describe('Function: silencesFor', () => {
  it.each([
    ['a prefix match on source', [{ field: 'source', value: 'plant7.', match: 'prefix' }], true],
    ['an exact match that is only a prefix', [{ field: 'source', value: 'plant7.', match: 'exact' }], false],
    ['an exact type', [{ field: 'type', value: 'temperature.high', match: 'exact' }], true],
    [
      'every matcher (AND), one failing',
      [
        { field: 'type', value: 'temperature.high', match: 'exact' },
        { field: 'severity', value: 'CRITICAL', match: 'exact' },
      ],
      false,
    ],
    [
      'every matcher (AND), all holding',
      [
        { field: 'type', value: 'temp', match: 'prefix' },
        { field: 'severity', value: 'WARNING', match: 'exact' },
      ],
      true,
    ],
  ] as const)('silences by %s: %s', (_name, matchers, silenced) => {
    const found = silencesFor([silence({ matchers: [...matchers] })], warning, at('2026-11-23T11:00:00Z'));
    expect(found.length > 0).toBe(silenced);
  });

  it('ignores silences that are pending or expired', () => {
    expect(silencesFor([silence()], warning, at('2026-11-23T09:00:00Z'))).toEqual([]);
    expect(silencesFor([silence()], warning, at('2026-11-23T13:00:00Z'))).toEqual([]);
  });
});

describe('Function: expireSilence', () => {
  it('ends an active silence now and keeps it for the record', () => {
    const expired = expireSilence(silence(), at('2026-11-23T11:00:00Z'));
    expect(expired.endsAt).toBe('2026-11-23T11:00:00.000Z');
    expect(silenceState(expired, at('2026-11-23T11:00:00Z'))).toBe('expired');
  });

  it('ends a pending silence before it starts', () => {
    const expired = expireSilence(silence(), at('2026-11-23T09:00:00Z'));
    expect(silenceState(expired, at('2026-11-23T09:00:00Z'))).toBe('expired');
  });
});

describe('Schema: silenceInputSchema', () => {
  const valid = {
    matchers: [{ field: 'source', value: 'plant7.' }],
    endsAt: '2026-11-23T12:00:00Z',
    createdBy: 'ana',
    comment: 'maintenance',
  };

  it('accepts a silence and defaults matchers to exact', () => {
    expect(parseWith(silenceInputSchema, valid).matchers[0]?.match).toBe('exact');
  });

  it.each([
    [{ ...valid, matchers: [] }, 'matchers: must have at least one matcher'],
    [
      { ...valid, matchers: [{ field: 'module', value: 'x' }] },
      'matchers[0].field: must be one of source, type, severity',
    ],
    [
      { ...valid, matchers: [{ field: 'severity', value: 'LOUD' }] },
      'matchers[0].value: must be one of INFO, WARNING, CRITICAL, got "LOUD"',
    ],
    [{ ...valid, startsAt: '2026-11-23T13:00:00Z' }, 'endsAt: must be after startsAt'],
    [{ ...valid, comment: undefined }, 'comment: is required'],
  ])('refuses %j', (input, message) => {
    expect(() => parseWith(silenceInputSchema, input)).toThrow(message);
  });
});
