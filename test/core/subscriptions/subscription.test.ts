import { describe, expect, it } from 'vitest';
import {
  compiledMatchOf,
  isShorthand,
  patternOfShorthand,
  routingKeyOf,
  subscriptionRequestSchema,
} from '#lib/core/subscriptions/subscription.ts';
import { parseWith } from '#lib/core/validation.ts';

const target = { url: 'https://hooks.example.com/vigil' };
const busEvent = (detailType: string, detail: Record<string, unknown>) => ({
  version: '0',
  id: 'e',
  'detail-type': detailType,
  source: 'vigil.ingest',
  account: '000000000000',
  time: '2026-11-27T10:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail,
});

describe('Schema: subscriptionRequestSchema', () => {
  it('fills the defaults: json format, 5 attempts, 10 in flight', () => {
    // Act
    const parsed = parseWith(subscriptionRequestSchema, {
      name: 'ops',
      match: { severities: ['CRITICAL'] },
      target,
    });

    // Assess
    expect(parsed.target).toEqual({ url: target.url, format: 'json', headers: {} });
    expect(parsed.retryPolicy).toEqual({
      maxAttempts: 5,
      backoffFactor: 2,
      maxBackoff: 300,
      retryOn: ['5xx', '429', '408', 'network'],
    });
    expect(parsed.maxInFlight).toBe(10);
  });

  it.each([
    [{ match: { source: [{ prefix: 1 }] } }, 'match: is not a valid event pattern'],
    [{ match: { severities: ['LOUD'] } }, 'match: shorthand:'],
    [{ target: { url: 'http://hooks.example.com' } }, 'target.url: must be an https:// URL'],
    [
      { target: { url: 'https://x.example', headers: { 'Vigil-Signature': 'x' } } },
      'target.headers: must not set',
    ],
    [
      { target: { url: 'https://events.pagerduty.com/v2/enqueue', format: 'pagerduty' } },
      'target.routingKey: is required',
    ],
    [{ notify: { repeatInterval: 5 } }, 'notify.repeatInterval'],
    [{ name: 'has space' }, 'name: must be 1-128 characters'],
  ])('refuses %j naming the field', (override, message) => {
    expect(() =>
      parseWith(subscriptionRequestSchema, { name: 'ops', match: { types: ['t'] }, target, ...override }),
    ).toThrow(message);
  });

  it('takes plain HTTP to loopback, for the local runtime’s receivers', () => {
    expect(
      subscriptionRequestSchema.safeParse({
        name: 'local',
        match: { types: ['t'] },
        target: { url: 'http://127.0.0.1:4000/hook' },
      }).success,
    ).toBe(true);
  });
});

describe('Function: patternOfShorthand', () => {
  it('matches on the bus event: detail-type for types, detail.source and detail.severity', () => {
    // Prepare
    const pattern = patternOfShorthand({
      sources: ['plant7.press'],
      types: ['alert.opened'],
      severities: ['CRITICAL'],
    });
    const compiled = compiledMatchOf({ match: pattern });

    // Act + Assess
    expect(pattern).toEqual({
      'detail-type': ['alert.opened'],
      detail: { source: ['plant7.press'], severity: ['CRITICAL'] },
    });
    expect(compiled.matches(busEvent('alert.opened', { source: 'plant7.press', severity: 'CRITICAL' }))).toBe(
      true,
    );
    expect(compiled.matches(busEvent('alert.opened', { source: 'plant7.press', severity: 'WARNING' }))).toBe(
      false,
    );
  });

  it('tells the shorthand from a full pattern by its keys alone', () => {
    expect(isShorthand({ sources: ['a'] })).toBe(true);
    expect(isShorthand({ 'detail-type': ['a'] })).toBe(false);
    expect(isShorthand({ sources: ['a'], detail: {} })).toBe(false);
  });

  it('lets a per-layer state callback be a pattern on module.transitioned and the layer', () => {
    // Prepare
    const compiled = compiledMatchOf({
      match: { 'detail-type': ['module.transitioned'], detail: { data: { layer: ['health'] } } },
    });

    // Act + Assess
    expect(compiled.matches(busEvent('module.transitioned', { data: { layer: 'health' } }))).toBe(true);
    expect(compiled.matches(busEvent('module.transitioned', { data: { layer: 'lifecycle' } }))).toBe(false);
  });
});

describe('Function: routingKeyOf', () => {
  it('takes the routingKey, else the X-Routing-Key header in any case', () => {
    expect(routingKeyOf({ routingKey: 'R1', headers: { 'X-Routing-Key': 'R2' } })).toBe('R1');
    expect(routingKeyOf({ headers: { 'x-routing-key': 'R2' } })).toBe('R2');
    expect(routingKeyOf({ headers: {} })).toBeUndefined();
  });
});
