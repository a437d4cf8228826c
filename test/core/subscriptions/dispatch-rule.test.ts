import { describe, expect, it } from 'vitest';
import { compilePattern, MAX_COMBINATIONS } from '#lib/core/pattern.ts';
import {
  catchAllDispatchPattern,
  DISPATCHED_SOURCES,
  dispatchRulePattern,
} from '#lib/core/subscriptions/dispatch-rule.ts';
import { patternOfShorthand } from '#lib/core/subscriptions/subscription.ts';

const event = (source: string, detailType: string, detail: Record<string, unknown> = {}) => ({
  version: '0',
  id: 'e',
  'detail-type': detailType,
  source,
  account: '000000000000',
  time: '2026-11-27T10:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { source: 'app', severity: 'INFO', ...detail },
});

const sub = (name: string, match: Record<string, unknown>) => ({ name, match });

/** Whether the rule pattern computed for `subs` lets `e` through. */
function passes(subs: ReturnType<typeof sub>[], e: Record<string, unknown>): boolean {
  return compilePattern(dispatchRulePattern(subs).pattern).matches(e);
}

describe('Function: dispatchRulePattern', () => {
  it('keeps only alert resolutions when there are no subscriptions', () => {
    // Act
    const result = dispatchRulePattern([]);

    // Assess
    expect(result).toEqual({
      pattern: { source: ['vigil.alerts'], 'detail-type': ['alert.resolved'] },
      narrowed: true,
    });
    expect(passes([], event('vigil.ingest', 'cpu.high'))).toBe(false);
    expect(passes([], event('vigil.alerts', 'alert.opened'))).toBe(false);
  });

  it('lets a shorthand subscription’s events through and no others', () => {
    // Prepare
    const subs = [sub('ops', patternOfShorthand({ severities: ['CRITICAL'] }))];

    // Act + Assess
    expect(dispatchRulePattern(subs).narrowed).toBe(true);
    expect(passes(subs, event('vigil.ingest', 'cpu.high', { severity: 'CRITICAL' }))).toBe(true);
    expect(passes(subs, event('vigil.ingest', 'cpu.high', { severity: 'INFO' }))).toBe(false);
    // Replays are never dispatched, even when the subscription's pattern would accept them.
    expect(passes(subs, event('vigil.replay', 'cpu.high', { severity: 'CRITICAL' }))).toBe(false);
  });

  it('always keeps alert resolutions beside subscriptions that do not match them', () => {
    // Prepare: escalation targets and notified subscriptions hear the resolution through dispatch.
    const subs = [sub('ops', patternOfShorthand({ types: ['cpu.high'] }))];

    // Act + Assess
    expect(passes(subs, event('vigil.alerts', 'alert.resolved'))).toBe(true);
    expect(passes(subs, event('vigil.alerts', 'alert.acknowledged'))).toBe(false);
    // No branch repeats the top-level `source` (EventBridge's docs do not say how it takes that).
    const branches = dispatchRulePattern(subs).pattern.$or as Record<string, unknown>[];
    expect(branches.filter((b) => 'source' in b)).toEqual([]);
  });

  it('narrows a subscriber’s own top-level source to the dispatched sources', () => {
    // Prepare
    const subs = [
      sub('alerts', { source: [{ prefix: 'vigil.' }], 'detail-type': ['alert.opened'] }),
      sub('replays', { source: ['vigil.replay'] }),
    ];

    // Act
    const result = dispatchRulePattern(subs);

    // Assess: the replay-only subscription contributes nothing; the prefix becomes the three sources.
    expect(JSON.stringify(result.pattern)).not.toContain('vigil.replay');
    expect(passes(subs, event('vigil.alerts', 'alert.opened'))).toBe(true);
    expect(passes(subs, event('vigil.replay', 'alert.opened'))).toBe(false);
    expect(passes(subs, event('vigil.replay', 'x'))).toBe(false);
  });

  it('keeps a subscriber’s $or, with the sources inside its branches narrowed', () => {
    // Prepare
    const subs = [
      sub('either', {
        $or: [
          { source: [{ 'anything-but': 'vigil.ingest' }], 'detail-type': ['module.changed'] },
          { detail: { severity: ['WARNING'] } },
        ],
      }),
    ];

    // Act + Assess
    expect(dispatchRulePattern(subs).narrowed).toBe(true);
    expect(passes(subs, event('vigil.state', 'module.changed'))).toBe(true);
    expect(passes(subs, event('vigil.ingest', 'module.changed'))).toBe(false);
    expect(passes(subs, event('vigil.replay', 'module.changed'))).toBe(false);
    expect(passes(subs, event('vigil.ingest', 'x', { severity: 'WARNING' }))).toBe(true);
    expect(passes(subs, event('vigil.replay', 'x', { severity: 'WARNING' }))).toBe(false);
  });

  it('accepts exactly what the subscriptions accept among dispatched events', () => {
    // Prepare
    const subs = [
      sub('a', patternOfShorthand({ sources: ['billing'], severities: ['WARNING', 'CRITICAL'] })),
      sub('b', { 'detail-type': [{ prefix: 'state.' }], detail: { module: [{ exists: true }] } }),
    ];
    const samples = [
      event('vigil.ingest', 'x', { source: 'billing', severity: 'WARNING' }),
      event('vigil.ingest', 'x', { source: 'billing', severity: 'INFO' }),
      event('vigil.state', 'state.BOOT', { module: 'm1' }),
      event('vigil.state', 'state.BOOT'),
      event('vigil.ingest', 'other', { source: 'web', severity: 'CRITICAL' }),
    ];

    // Act + Assess
    for (const sample of samples) {
      const wanted = subs.some((s) => compilePattern(s.match).matches(sample));
      expect(passes(subs, sample)).toBe(wanted);
    }
  });

  it('writes each distinct pattern once', () => {
    // Prepare
    const match = patternOfShorthand({ types: ['disk.full'] });

    // Act
    const result = dispatchRulePattern([sub('a', match), sub('b', match)]);

    // Assess
    expect((result.pattern.$or as unknown[]).length).toBe(2);
  });

  it('falls back to the catch-all when a subscription matches every dispatched event', () => {
    // Act
    const result = dispatchRulePattern([sub('all', { source: [{ prefix: 'vigil' }] })]);

    // Assess
    expect(result).toMatchObject({ pattern: catchAllDispatchPattern(), narrowed: false });
  });

  it('falls back when a source matcher inside a $or accepts no dispatched source', () => {
    // Act
    const result = dispatchRulePattern([
      sub('odd', { $or: [{ source: ['vigil.replay'] }, { 'detail-type': ['x'] }] }),
    ]);

    // Assess
    expect(result).toMatchObject({ narrowed: false, reason: expect.stringContaining('odd') });
  });

  it('falls back when the union is longer than the pattern size quota', () => {
    // Prepare: 40 subscriptions on distinct types come to about 1,300 characters.
    const subs = Array.from({ length: 40 }, (_, i) =>
      sub(`s${i}`, patternOfShorthand({ types: [`type.${i}`] })),
    );

    // Act
    const fits = dispatchRulePattern(subs);
    const tooLong = dispatchRulePattern(subs, 1000);

    // Assess
    expect(fits.narrowed).toBe(true);
    expect(tooLong).toMatchObject({ narrowed: false, reason: expect.stringContaining('characters') });
    expect(tooLong.pattern).toEqual({ source: [...DISPATCHED_SOURCES] });
  });

  it('falls back when the union yields more $or combinations than EventBridge allows', () => {
    // Prepare: nine nested 2-way $ors multiply to 512 combinations each; two such subscriptions
    // (each one valid alone) are 1,024 plus the resolution branch.
    const nested = (depth: number, tag: string): Record<string, unknown> => ({
      $or: [{ a: [tag] }, { b: [tag] }],
      ...(depth > 1 ? { n: nested(depth - 1, tag) } : {}),
    });
    const subs = [sub('x', nested(9, 'x')), sub('y', nested(9, 'y'))];
    for (const s of subs) compilePattern(s.match);

    // Act
    const result = dispatchRulePattern(subs);

    // Assess
    expect(MAX_COMBINATIONS).toBe(1000);
    expect(result).toMatchObject({ narrowed: false, reason: expect.stringContaining('combinations') });
  });
});
