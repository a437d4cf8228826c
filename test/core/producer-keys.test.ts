import { describe, expect, it } from 'vitest';
import {
  bearerToken,
  generateProducerKey,
  hashProducerKey,
  identityFromContext,
  identityToContext,
  keyIdOf,
  sourceAllowed,
} from '#lib/core/producer-keys.ts';

describe('Function: sourceAllowed', () => {
  const identity = { producer: 'p', sources: ['billing', 'fleet.*'] };

  it.each([
    ['billing', true],
    ['billing.eu', false],
    ['fleet.truck-1', true],
    ['fleet.', true],
    ['fleet', false],
    ['other', false],
  ])('decides %s → %s', (source, allowed) => {
    expect(sourceAllowed(identity, source)).toBe(allowed);
  });
});

describe('Function: bearerToken', () => {
  it.each([
    ['Bearer vgl_abc', 'vgl_abc'],
    ['bearer   vgl_abc ', 'vgl_abc'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    [undefined, undefined],
  ])('reads %s', (header, key) => {
    expect(bearerToken(header)).toBe(key);
  });
});

describe('Function: generateProducerKey', () => {
  it('makes distinct prefixed keys whose id is the start of their hash', () => {
    // Act
    const a = generateProducerKey();
    const b = generateProducerKey();

    // Assess
    expect(a).toMatch(/^vgl_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(keyIdOf(hashProducerKey(a))).toBe(hashProducerKey(a).slice(0, 16));
  });
});

describe('Function: identityFromContext', () => {
  it('round-trips through the authorizer context', () => {
    const identity = { producer: 'p', sources: ['a', 'b.*'] };
    expect(identityFromContext(identityToContext(identity))).toEqual(identity);
  });

  it.each([
    [undefined],
    [{}],
    [{ producer: 'p', sources: 'not json' }],
    [{ producer: 'p', sources: '{"a":1}' }],
  ])('refuses %j', (context) => {
    expect(identityFromContext(context)).toBeUndefined();
  });
});

describe('Function: identityToContext with module scopes', () => {
  it('round-trips modules and commands', () => {
    const identity = { producer: 'p', sources: ['a'], modules: ['pump-7', 'line3.*'], commands: true };
    expect(identityFromContext(identityToContext(identity))).toEqual(identity);
  });

  it('keeps an empty scope empty, not absent (absent means a key from before scopes)', () => {
    const identity = { producer: 'p', sources: ['a'], modules: [], commands: false };
    expect(identityFromContext(identityToContext(identity))).toEqual(identity);
  });

  it('refuses a context whose modules are not a list of names', () => {
    expect(identityFromContext({ producer: 'p', sources: '[]', modules: '{"a":1}' })).toBeUndefined();
  });
});
