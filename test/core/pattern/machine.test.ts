import { describe, expect, it } from 'vitest';
import { compilePattern, InvalidEventPatternError, PatternMachine } from '#lib/core/pattern.ts';

function event(detail: Record<string, unknown>): Record<string, unknown> {
  return { source: 'vigil.ingest', 'detail-type': detail.type ?? 't', detail };
}

describe('Class: PatternMachine', () => {
  it('returns the sorted names of every pattern the event matches', () => {
    // Prepare
    const machine = new PatternMachine();
    machine.add('critical', { detail: { severity: ['CRITICAL'] } });
    machine.add('sensor', { detail: { source: [{ prefix: 'sensor.' }] } });
    machine.add('other', { detail: { source: ['billing'] } });

    // Act
    const names = machine.matches(event({ source: 'sensor.a', severity: 'CRITICAL' }));

    // Assess
    expect(names).toEqual(['critical', 'sensor']);
  });

  it('matches numeric ranges, anything-but and wildcards as the one-by-one engine does', () => {
    const machine = new PatternMachine();
    machine.add('big', { detail: { type: ['order'], data: { amount: [{ numeric: ['>', 100] }] } } });
    machine.add('not-eu', { detail: { region: [{ 'anything-but': { prefix: 'eu-' } }] } });
    machine.add('png', { detail: { file: [{ wildcard: '*.png' }] } });

    expect(machine.matches(event({ type: 'order', data: { amount: 150 }, region: 'us-1' }))).toEqual([
      'big',
      'not-eu',
    ]);
    expect(machine.matches(event({ type: 'order', data: { amount: 50 }, file: 'a.png' }))).toEqual(['png']);
  });

  it('keeps array consistency: two fields must match from the same array element', () => {
    const machine = new PatternMachine();
    machine.add('pair', { detail: { items: { name: ['a'], size: [1] } } });

    const split = event({
      items: [
        { name: 'a', size: 2 },
        { name: 'b', size: 1 },
      ],
    });
    const same = event({
      items: [
        { name: 'b', size: 2 },
        { name: 'a', size: 1 },
      ],
    });

    expect(machine.matches(split)).toEqual([]);
    expect(machine.matches(same)).toEqual(['pair']);
  });

  it('matches a pattern once when several $or combinations match', () => {
    const machine = new PatternMachine();
    machine.add('either', { detail: { $or: [{ a: ['x'] }, { b: ['y'] }] } });

    expect(machine.matches(event({ a: 'x', b: 'y' }))).toEqual(['either']);
  });

  it('reads IP strings as addresses in fields that name one, in any spelling', () => {
    const machine = new PatternMachine();
    machine.add('loopback', { detail: { ip: ['::1'] } });

    expect(machine.matches(event({ ip: '0:0:0:0:0:0:0:1' }))).toEqual(['loopback']);
  });

  it('replaces the pattern held under a name that is added again', () => {
    const machine = new PatternMachine();
    machine.add('rule', { detail: { a: ['x'] } });

    machine.add('rule', { detail: { a: ['y'] } });

    expect(machine.size).toBe(1);
    expect(machine.matches(event({ a: 'x' }))).toEqual([]);
    expect(machine.matches(event({ a: 'y' }))).toEqual(['rule']);
  });

  it('forgets a removed pattern and reports whether there was one', () => {
    const machine = new PatternMachine();
    machine.add('rule', { detail: { a: ['x'] } });

    expect(machine.remove('rule')).toBe(true);
    expect(machine.remove('rule')).toBe(false);
    expect(machine.has('rule')).toBe(false);
    expect(machine.matches(event({ a: 'x' }))).toEqual([]);
  });

  it('stays correct after enough removals to rebuild its states', () => {
    // Prepare
    const machine = new PatternMachine();
    for (let index = 0; index < 3000; index++) machine.add(`r${index}`, { detail: { n: [index] } });

    // Act
    for (let index = 0; index < 2900; index++) machine.remove(`r${index}`);

    // Assess
    expect(machine.size).toBe(100);
    expect(machine.matches(event({ n: 5 }))).toEqual([]);
    expect(machine.matches(event({ n: 2950 }))).toEqual(['r2950']);
    expect(machine.names()[0]).toBe('r2900');
  });

  it('refuses an invalid pattern with the engine error and keeps the previous one', () => {
    const machine = new PatternMachine();
    machine.add('rule', { detail: { a: ['x'] } });

    expect(() => machine.add('rule', { detail: { a: [] } })).toThrow(InvalidEventPatternError);
    expect(machine.matches(event({ a: 'x' }))).toEqual(['rule']);
  });

  it('accepts JSON text and compiled patterns', () => {
    const machine = new PatternMachine();
    machine.add('text', '{"detail": {"a": ["x"]}}');
    machine.add('compiled', compilePattern({ detail: { a: [{ prefix: 'x' }] } }));

    expect(machine.matches(event({ a: 'x' }))).toEqual(['compiled', 'text']);
  });

  it('matches nothing for a non-object event', () => {
    const machine = new PatternMachine();
    machine.add('any', { detail: { a: [{ exists: false }] } });

    expect(machine.matches([] as unknown as Record<string, unknown>)).toEqual([]);
    expect(machine.matches({})).toEqual(['any']);
  });

  it('indexes a field listing many values without multiplying paths past the cap', () => {
    const machine = new PatternMachine();
    const many = Array.from({ length: 40 }, (_, index) => `v${index}`);
    machine.add('wide', { detail: { a: many, b: many, c: ['z'] } });

    expect(machine.matches(event({ a: 'v3', b: 'v39', c: 'z' }))).toEqual(['wide']);
    expect(machine.matches(event({ a: 'v3', b: 'v39', c: 'q' }))).toEqual([]);
  });
});
