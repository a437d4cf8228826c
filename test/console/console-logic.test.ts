import { describe, expect, it } from 'vitest';
import { firstLoadFiles } from '#bench/console.ts';
import type { Envelope } from '#lib/client/types.ts';
import { nextDelay } from '#lib/console/src/backoff.ts';
import { perMinute } from '#lib/console/src/chart-data.ts';
import { parseConfig } from '#lib/console/src/config.ts';
import { previewPattern } from '#lib/console/src/pages/pattern-preview.ts';
import { requestOf } from '#lib/console/src/pages/replay-request.ts';
import { href, parseRoute } from '#lib/console/src/route.ts';

const event = (severity: Envelope['severity'], receivedAt: string, source = 's'): Envelope => ({
  id: `${severity}-${receivedAt}`,
  source,
  type: 't',
  severity,
  time: receivedAt,
  receivedAt,
});

describe('Function: nextDelay', () => {
  it('doubles after each failure up to the ceiling and goes back to the base after a success', () => {
    const failures = [2000];
    for (let i = 0; i < 5; i++) failures.push(nextDelay(failures.at(-1) as number, false, 2000, 30_000));
    expect(failures).toEqual([2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(nextDelay(30_000, true, 2000, 30_000)).toBe(2000);
  });
});

describe('Function: perMinute', () => {
  it('counts events by minute and severity, empty minutes included, older ones left out', () => {
    // Prepare
    const now = Date.parse('2026-11-27T10:02:30Z');
    const events = [
      event('CRITICAL', '2026-11-27T10:02:10Z'),
      event('INFO', '2026-11-27T10:02:01Z'),
      event('WARNING', '2026-11-27T10:00:59Z'),
      event('INFO', '2026-11-27T09:59:59Z'),
    ];
    // Act
    const rows = perMinute(events, now, 3);
    // Assess
    expect(rows.map(({ CRITICAL, WARNING, INFO }) => [CRITICAL, WARNING, INFO])).toEqual([
      [0, 1, 0],
      [0, 0, 0],
      [1, 0, 1],
    ]);
  });
});

describe('Function: parseConfig', () => {
  it('reads the local and the Cognito forms and names a missing field', () => {
    const local = {
      apiUrl: 'http://127.0.0.1:3000',
      region: 'us-east-1',
      auth: { kind: 'local', accessKeyId: 'A', secretAccessKey: 'S' },
    };
    expect(parseConfig(local)).toEqual(local);
    expect(() =>
      parseConfig({ apiUrl: 'https://x', region: 'eu-west-1', auth: { kind: 'cognito', userPoolId: 'p' } }),
    ).toThrow('config.json: auth.userPoolClientId must be a non-empty string');
  });
});

describe('Function: parseRoute', () => {
  it('reads the page and its parameters from the hash, and href writes them back', () => {
    const route = parseRoute(
      href('modules', { name: 'press 7', at: '2026-11-27T10:00:00Z', skip: undefined }),
    );
    expect(route.page).toBe('modules');
    expect(Object.fromEntries(route.params)).toEqual({ name: 'press 7', at: '2026-11-27T10:00:00Z' });
    expect(parseRoute('').page).toBe('overview');
  });
});

describe('Function: requestOf', () => {
  it('sends only the filters given, and a pattern that is not JSON as text for the API to refuse', () => {
    const form = {
      from: '2026-11-27T10:00',
      to: '2026-11-27T11:00',
      source: 'a.b',
      type: '',
      severity: 'CRITICAL',
      pattern: '{oops',
      name: '',
    };
    const request = requestOf(form, true);
    expect(request.filter).toEqual({ source: 'a.b', severity: 'CRITICAL', pattern: '{oops' });
    expect(request.dryRun).toBe(true);
    expect(requestOf({ ...form, source: '', severity: '', pattern: '' }, false)).not.toHaveProperty('filter');
  });
});

describe('Function: previewPattern', () => {
  it("counts the recent events the pattern matches on the bus event's shape, or gives the engine's error", () => {
    const events = [
      event('CRITICAL', '2026-11-27T10:00:00Z', 'plant7.press'),
      event('INFO', '2026-11-27T10:00:01Z', 'other'),
    ];
    expect(previewPattern('{"detail": {"severity": ["CRITICAL"]}}', events)).toEqual({ matched: 1 });
    expect(
      previewPattern('{"source": ["vigil.ingest"], "detail": {"source": [{"prefix": "plant7."}]}}', events),
    ).toEqual({ matched: 1 });
    expect(previewPattern('{"detail": {"severity": "CRITICAL"}}', events)).toHaveProperty('error');
  });
});

describe('Function: firstLoadFiles', () => {
  it('takes the entry module, its preloads and the style sheets from index.html', () => {
    const html =
      '<script type="module" crossorigin src="./assets/index-a.js"></script><link rel="modulepreload" crossorigin href="./assets/vendor-b.js"><link rel="stylesheet" crossorigin href="./assets/index-c.css">';
    expect(firstLoadFiles(html)).toEqual({
      scripts: ['assets/index-a.js', 'assets/vendor-b.js'],
      styles: ['assets/index-c.css'],
    });
  });
});
