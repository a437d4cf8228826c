import { describe, expect, it } from 'vitest';
import { isQuiet, type ResolveTimeout, resolveTimeoutFor } from '#lib/core/alerts/auto-resolve.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const TIMEOUTS: ResolveTimeout[] = [
  { timeoutSeconds: 3600 },
  { source: 'press', timeoutSeconds: 900 },
  { type: 'jam', timeoutSeconds: 1800 },
  { source: 'press', type: 'jam', timeoutSeconds: 120 },
];

describe('Function: resolveTimeoutFor', () => {
  it.each([
    ['press', 'jam', 120],
    ['press', 'overheat', 900],
    ['oven', 'jam', 1800],
    ['oven', 'overheat', 3600],
  ])('gives %s/%s the most specific timeout, %i s', (source, type, seconds) => {
    expect(resolveTimeoutFor({ source, type }, TIMEOUTS)).toBe(seconds);
  });

  it('gives none when no rule covers the alert', () => {
    expect(resolveTimeoutFor({ source: 'oven', type: 'x' }, [{ source: 'press', timeoutSeconds: 60 }])).toBe(
      undefined,
    );
  });
});

describe('Function: isQuiet', () => {
  const alert = (lastSeenAgoSeconds: number, state: 'new' | 'acknowledged' | 'resolved' = 'new') => ({
    source: 'press',
    type: 'overheat',
    state,
    lastSeenAt: new Date(NOW - lastSeenAgoSeconds * 1000).toISOString(),
  });

  it('is quiet only past the timeout, not at it', () => {
    expect(isQuiet(alert(901), TIMEOUTS, NOW)).toBe(true);
    expect(isQuiet(alert(900), TIMEOUTS, NOW)).toBe(false);
  });

  it('counts acknowledged alerts as open, and never a resolved one', () => {
    expect(isQuiet(alert(5000, 'acknowledged'), TIMEOUTS, NOW)).toBe(true);
    expect(isQuiet(alert(5000, 'resolved'), TIMEOUTS, NOW)).toBe(false);
  });

  it('keeps open an alert no timeout covers', () => {
    expect(isQuiet(alert(10 ** 7), [], NOW)).toBe(false);
  });
});
