import { describe, expect, it } from 'vitest';
import { colourFor, Output, relativeTime, selectFields } from '#lib/cli/output.ts';

function capture(isTTY: boolean, env: NodeJS.ProcessEnv = {}) {
  const text: string[] = [];
  const stream = { isTTY, write: (chunk: string) => text.push(chunk) };
  const out = new Output({
    stdout: stream,
    stderr: stream,
    env,
    now: () => Date.parse('2026-11-27T12:00:00Z'),
  });
  return { out, text: () => text.join('') };
}

describe('Class: Output', () => {
  it('aligns columns under a header, right-aligns numbers and cuts long values', () => {
    // Prepare
    const { out, text } = capture(false);

    // Act
    out.table(
      [
        { name: 'press-7', count: 3, note: 'short' },
        { name: 'p', count: 120, note: 'a very long note that goes on' },
      ],
      [
        { header: 'NAME', value: (r) => r.name },
        { header: 'COUNT', value: (r) => String(r.count), align: 'right' },
        { header: 'NOTE', value: (r) => r.note, max: 10 },
      ],
    );

    // Assess
    expect(text()).toBe(
      ['NAME     COUNT  NOTE', 'press-7      3  short', 'p          120  a very lo…', ''].join('\n'),
    );
  });

  it('colours only a TTY, and never with NO_COLOR', () => {
    // Act & Assess
    expect(capture(true).out.level('CRITICAL')).toBe('\u001b[31mCRITICAL\u001b[39m');
    expect(capture(false).out.level('CRITICAL')).toBe('CRITICAL');
    expect(capture(true, { NO_COLOR: '' }).out.level('CRITICAL')).toBe('CRITICAL');
    expect(colourFor({ isTTY: true, write: () => true }, { TERM: 'dumb' })).toBe(false);
    expect(colourFor({ isTTY: false, write: () => true }, { FORCE_COLOR: '1' })).toBe(true);
  });

  it('prints JSON on one line off a terminal (NDJSON for streams)', () => {
    // Prepare
    const { out, text } = capture(false);

    // Act
    out.printJson({ a: 1 });
    out.printJson({ b: 2 });

    // Assess
    expect(text()).toBe('{"a":1}\n{"b":2}\n');
  });
});

describe('Function: relativeTime', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');

  it.each([
    ['2026-11-27T12:00:02Z', 'just now'],
    ['2026-11-27T11:59:30Z', '30s ago'],
    ['2026-11-27T11:55:00Z', '5m ago'],
    ['2026-11-27T09:00:00Z', '3h ago'],
    ['2026-11-27T10:00:30Z', '2h ago'],
    ['2026-11-25T12:00:00Z', '2d ago'],
    ['2026-11-27T14:00:00Z', 'in 2h'],
    ['not a time', 'not a time'],
  ])('%s → %s', (iso, expected) => {
    // Act & Assess
    expect(relativeTime(iso, now)).toBe(expected);
  });
});

describe('Function: selectFields', () => {
  it('keeps the asked fields of an object, of each item of an array, and of each item of a list answer', () => {
    // Prepare
    const alert = { id: 'A', state: 'new', count: 3 };

    // Act & Assess
    expect(selectFields(alert, ['id', 'state'])).toEqual({ id: 'A', state: 'new' });
    expect(selectFields([alert, { ...alert, id: 'B' }], ['id'])).toEqual([{ id: 'A' }, { id: 'B' }]);
    expect(selectFields({ alerts: [alert], cursor: 'c' }, ['id', 'count'])).toEqual({
      alerts: [{ id: 'A', count: 3 }],
      cursor: 'c',
    });
    expect(selectFields({ module: { name: 'm' }, transitions: [] }, ['module'])).toEqual({
      module: { name: 'm' },
    });
  });
});
