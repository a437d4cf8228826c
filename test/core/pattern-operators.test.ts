import { describe, expect, it } from 'vitest';
import { compilePattern, type EventPattern, matchesPattern } from '#lib/core/pattern.ts';

/** Whether `{"v": [operand]}` matches `{"v": value}`. */
function check(operand: unknown, value: unknown): boolean {
  return matchesPattern({ v: [operand] }, { v: value });
}

describe('Function: matchesPattern', () => {
  describe('exact values', () => {
    it.each<[unknown, unknown, boolean]>([
      ['abc', 'abc', true],
      ['abc', 'ABC', false],
      ['abc', 'abc ', false],
      ['', '', true],
      ['', null, false],
      [null, null, true],
      [null, 'null', false],
      [true, true, true],
      [true, 'true', false],
      [false, false, true],
      [false, 0, false],
      [5, 5, true],
      [5, '5', false],
      ['5', 5, false],
      ['é', 'é', true],
      ['e\u0301', 'é', false],
    ])('matches %j against %j: %s', (operand, value, expected) => {
      expect(check(operand, value)).toBe(expected);
    });

    it.each<[number, number, boolean]>([
      [300, 300.0, true],
      [300, 3.0e2, true],
      [3.018e2, 301.8, true],
      [0.1, 0.1, true],
      [0, -0, true],
      [1e21, 1e21, true],
      [123456789012, 123456789012, true],
      [300, 300.0000001, false],
    ])('compares number %d with %d by value: %s', (operand, value, expected) => {
      expect(check(operand, value)).toBe(expected);
    });

    it('compares numbers written differently in JSON text by value', () => {
      expect(matchesPattern('{"v": [3.0e2]}', JSON.parse('{"v": 300.0}'))).toBe(true);
    });

    it('matches an IP-literal string against the same address in another spelling', () => {
      expect(check('::1', '0:0:0:0:0:0:0:1')).toBe(true);
      expect(check('2001:db8::1', '2001:0DB8:0:0:0:0:0:1')).toBe(true);
      expect(check('10.0.0.1', '10.0.0.1')).toBe(true);
      expect(check('10.0.0.1', '10.0.0.2')).toBe(false);
    });

    it('compares strings that only look like IPs as plain strings', () => {
      expect(check('12:30', '12:30')).toBe(true);
      expect(check('1.2.3.999', '1.2.3.999')).toBe(true);
    });

    it('matches the explicit "exactly" form on strings only, without IP normalization', () => {
      expect(check({ exactly: 'abc' }, 'abc')).toBe(true);
      expect(check({ exactly: '::1' }, '0:0:0:0:0:0:0:1')).toBe(false);
      expect(check({ exactly: '5' }, 5)).toBe(false);
    });
  });

  describe('prefix and suffix', () => {
    it.each<[unknown, unknown, boolean]>([
      [{ prefix: 'us-' }, 'us-east-1', true],
      [{ prefix: 'us-' }, 'US-east-1', false],
      [{ prefix: 'us-' }, 'us-', true],
      [{ prefix: 'us-' }, 'u', false],
      [{ prefix: '' }, 'anything', true],
      [{ prefix: '' }, '', true],
      [{ prefix: '' }, 5, false],
      [{ prefix: '1' }, 12, false],
      [{ prefix: 'n' }, null, false],
      [{ suffix: '.png' }, 'a.png', true],
      [{ suffix: '.png' }, '.png', true],
      [{ suffix: '.png' }, 'a.PNG', false],
      [{ suffix: '' }, 'x', true],
      [{ suffix: '2' }, 12, false],
      [{ prefix: { 'equals-ignore-case': 'EventB' } }, 'eventbridge', true],
      [{ prefix: { 'equals-ignore-case': 'EventB' } }, 'Event', false],
      [{ prefix: { 'equals-ignore-case': '' } }, 'x', true],
      [{ prefix: { 'equals-ignore-case': 'a' } }, 1, false],
      [{ suffix: { 'equals-ignore-case': 'Bridge' } }, 'EVENTBRIDGE', true],
      [{ suffix: { 'equals-ignore-case': 'Bridge' } }, 'bridges', false],
      [{ suffix: { 'equals-ignore-case': 'straße' } }, 'STRASSE', true],
    ])('evaluates %j on %j as %s', (operand, value, expected) => {
      expect(check(operand, value)).toBe(expected);
    });
  });

  describe('equals-ignore-case', () => {
    it.each<[string, unknown, boolean]>([
      ['alice', 'ALICE', true],
      ['alice', 'aLiCe', true],
      ['alice', 'alicia', false],
      ['alice', 'alice ', false],
      ['', '', true],
      ['', 'x', false],
      ['123', 123, false],
      ['ÉTÉ', 'été', true],
      ['straße', 'STRASSE', true],
      ['straße', 'strasse', false],
      ['σ', 'Σ', true],
      ['ǅ', 'ǅ', false],
      ['i', 'İ', false],
      ['😀x', '😀X', true],
    ])(
      'evaluates %j on %j as %s (each operand character accepts its lower or upper case)',
      (text, value, expected) => {
        expect(check({ 'equals-ignore-case': text }, value)).toBe(expected);
      },
    );
  });

  describe('wildcard', () => {
    it.each<[string, unknown, boolean]>([
      ['*', '', true],
      ['*', 'anything', true],
      ['*', 5, false],
      ['*', null, false],
      ['', '', true],
      ['', 'x', false],
      ['abc', 'abc', true],
      ['abc', 'abcd', false],
      ['a*c', 'ac', true],
      ['a*c', 'abbbc', true],
      ['a*c', 'abcd', false],
      ['*/lib/*', '/usr/lib/x', true],
      ['*/lib/*', '/lib/', true],
      ['*/lib/*', '/usr/libs/x', false],
      ['a*b*c', 'abc', true],
      ['a*b*c', 'axbyc', true],
      ['a*b*c', 'acb', false],
      ['a*ab', 'ab', false],
      ['a*ab', 'aab', true],
      ['*a*a*', 'a', false],
      ['*a*a*', 'aa', true],
      ['\\*', '*', true],
      ['\\*', 'x', false],
      ['a\\*b', 'a*b', true],
      ['a\\*b', 'axb', false],
      ['\\\\', '\\', true],
      ['a\\\\*', 'a\\xyz', true],
      ['\\**', '*tail', true],
      ['\\**', 'tail', false],
      ['Simple*Service', 'SimpleStorageService', true],
      [
        'arn:aws:events:us-east-1:*:event-bus/*',
        'arn:aws:events:us-east-1:123456789012:event-bus/myEventBus',
        true,
      ],
      ['/Users/*/dir/dir/dir/dir/dir/doc.txt', '/Users/ls_user/dir/dir/dir/dir/dir/doc.txt', true],
      ['/Users/*/doc.txt', '/Users/ls_user/dir/dir/dir/dir/dir/notmatchingdoc.txt', false],
    ])('evaluates wildcard %j on %j as %s', (wildcard, value, expected) => {
      expect(check({ wildcard }, value)).toBe(expected);
    });
  });

  describe('anything-but', () => {
    it.each<[unknown, unknown, boolean]>([
      ['initializing', 'running', true],
      ['initializing', 'initializing', false],
      ['initializing', 'INITIALIZING', true],
      ['initializing', null, true],
      ['initializing', 12, true],
      ['initializing', true, true],
      ['123', 123, true],
      [123, 123, false],
      [123, 123.0, false],
      [123, 124, true],
      [123, '123', true],
      [123, null, true],
      [0, -0, false],
      [['stopped', 'overloaded'], 'stopped', false],
      [['stopped', 'overloaded'], 'running', true],
      [[100, 200, 300], 3.0e2, false],
      [[100, 200, 300], 301.8, true],
      [[100, 200, 300], 'abc', true],
    ])('evaluates {"anything-but": %j} on %j as %s', (operand, value, expected) => {
      expect(check({ 'anything-but': operand }, value)).toBe(expected);
    });

    it.each<[unknown, unknown, boolean]>([
      [{ prefix: 'init' }, 'initializing', false],
      [{ prefix: 'init' }, 'running', true],
      [{ prefix: 'init' }, 12, true],
      [{ prefix: 'init' }, null, true],
      [{ prefix: ['init', 'stop'] }, 'stopped', false],
      [{ prefix: ['init', 'stop'] }, 'running', true],
      [{ suffix: '.png' }, 'a.png', false],
      [{ suffix: '.png' }, 'a.jpg', true],
      [{ suffix: ['.png', '.jpg'] }, 'a.jpg', false],
      [{ suffix: ['.png', '.jpg'] }, 'a.gif', true],
      [{ 'equals-ignore-case': 'initializing' }, 'INITIALIZING', false],
      [{ 'equals-ignore-case': 'initializing' }, 'running', true],
      [{ 'equals-ignore-case': ['a', 'b'] }, 'B', false],
      [{ 'equals-ignore-case': ['a', 'b'] }, 'c', true],
      [{ 'equals-ignore-case': 'x' }, null, true],
      [{ wildcard: '*/lib/*' }, '/usr/lib/x', false],
      [{ wildcard: '*/lib/*' }, '/usr/bin/x', true],
      [{ wildcard: '*/lib/*' }, 123, true],
      [{ wildcard: ['*/lib/*', '*.tmp'] }, 'a.tmp', false],
      [{ wildcard: ['*/lib/*', '*.tmp'] }, 'a.txt', true],
      [{ wildcard: '' }, 'dir/init/file', true],
      [{ wildcard: '' }, '', false],
    ])('evaluates {"anything-but": %j} on %j as %s', (operand, value, expected) => {
      expect(check({ 'anything-but': operand }, value)).toBe(expected);
    });

    it.each<[string, EventPattern]>([
      ['a string', { v: [{ 'anything-but': 'x' }] }],
      ['a number', { v: [{ 'anything-but': 1 }] }],
      ['a prefix', { v: [{ 'anything-but': { prefix: 'x' } }] }],
      ['a suffix list', { v: [{ 'anything-but': { suffix: ['x'] } }] }],
      ['an ignore-case value', { v: [{ 'anything-but': { 'equals-ignore-case': 'x' } }] }],
      ['a wildcard', { v: [{ 'anything-but': { wildcard: 'x*' } }] }],
    ])('does not match a missing field with %s', (_name, pattern) => {
      expect(matchesPattern(pattern, { other: 'y' })).toBe(false);
    });

    it('does not match a field holding an empty array or an object', () => {
      const pattern = { v: [{ 'anything-but': 'x' }] };

      expect(matchesPattern(pattern, { v: [] })).toBe(false);
      expect(matchesPattern(pattern, { v: { nested: 'y' } })).toBe(false);
    });

    it('matches an array when any element is not excluded', () => {
      const pattern = { v: [{ 'anything-but': ['a', 'b'] }] };

      expect(matchesPattern(pattern, { v: ['a', 'b'] })).toBe(false);
      expect(matchesPattern(pattern, { v: ['a', 'c'] })).toBe(true);
    });
  });

  describe('numeric', () => {
    it.each<[unknown[], unknown, boolean]>([
      [['=', 100], 100, true],
      [['=', 100], 100.0, true],
      [['=', 100], 1e2, true],
      [['=', 100], 100.000001, false],
      [['=', 3.018e2], 301.8, true],
      [['=', 0], -0, true],
      [['<', 10], 9.999, true],
      [['<', 10], 10, false],
      [['<=', 10], 10, true],
      [['<=', 10], 10.0001, false],
      [['>', 0], 0, false],
      [['>', 0], 0.000001, true],
      [['>=', 0], 0, true],
      [['>=', 0], -0.000001, false],
      [['>', 0, '<=', 5], 5, true],
      [['>', 0, '<=', 5], 0, false],
      [['>', 0, '<', 5], 5, false],
      [['>=', 0, '<', 5], 0, true],
      [['>=', -5e9, '<=', 5e9], 5e9, true],
      [['>', 5e9], 6e9, true],
      [['<', -1e12], -2e12, true],
      [['>', 0.1], 0.10000001, true],
      [['=', 5], '5', false],
      [['>', 0], 'abc', false],
      [['>', 0], true, false],
      [['>', 0], null, false],
      [['>=', 0], [1, -1], true],
      [['>=', 0], [-2, -1], false],
    ])('evaluates numeric %j on %j as %s', (operand, value, expected) => {
      expect(check({ numeric: operand }, value)).toBe(expected);
    });

    it('compares 300 and 3.0e2 as the same number under numeric', () => {
      expect(matchesPattern('{"v": [{"numeric": ["=", 3.0e2]}]}', JSON.parse('{"v": 300}'))).toBe(true);
    });

    it('does not match a missing field', () => {
      expect(matchesPattern({ v: [{ numeric: ['>', 0] }] }, {})).toBe(false);
    });
  });

  describe('exists', () => {
    const present = compilePattern({ v: [{ exists: true }] });
    const absent = compilePattern({ v: [{ exists: false }] });

    it.each<[string, Record<string, unknown>, boolean]>([
      ['a string', { v: 'x' }, true],
      ['an empty string', { v: '' }, true],
      ['a number', { v: 0 }, true],
      ['false', { v: false }, true],
      ['null', { v: null }, true],
      ['an array of scalars', { v: [1] }, true],
      ['an empty array', { v: [] }, false],
      ['an object', { v: { x: 1 } }, false],
      ['an empty object', { v: {} }, false],
      ['an array of objects', { v: [{ x: 1 }] }, false],
      ['no such field', { w: 1 }, false],
    ])('exists:true on %s is %s, exists:false the opposite', (_name, event, expected) => {
      expect(present.matches(event)).toBe(expected);
      expect(absent.matches(event)).toBe(!expected);
    });

    it('treats exists:false on a nested field as satisfied when the parent is a scalar', () => {
      expect(matchesPattern({ detail: { state: [{ exists: false }] } }, { detail: 'text' })).toBe(true);
    });

    it('matches "anything-but roses or missing" when the parent object is missing', () => {
      // Prepare
      const pattern = {
        dynamodb: { NewImage: { homemade: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } } },
      };

      // Act & Assess
      expect(matchesPattern(pattern, { dynamodb: { NewImage: { purchased: { N: '789' } } } })).toBe(true);
      expect(matchesPattern(pattern, { dynamodb: { NewImage: { homemade: { S: 'roses' } } } })).toBe(false);
      expect(matchesPattern(pattern, { dynamodb: { NewImage: { homemade: { S: 'tulips' } } } })).toBe(true);
    });

    it('finds a leaf inside an array of objects for exists:true', () => {
      const event = {
        detail: { automations: [{ key1: 'value1' }, { id: 'match-does-exist' }, { key2: 'value2' }] },
      };

      expect(matchesPattern({ detail: { automations: { id: [{ exists: true }] } } }, event)).toBe(true);
    });

    it('does not see an intermediate node as existing', () => {
      const event = { dynamodb: { id: { S: 'test1234' }, presentKey: { S: 'test123' } } };

      expect(matchesPattern({ dynamodb: { presentKey: [{ exists: true }] } }, event)).toBe(false);
    });
  });

  describe('cidr', () => {
    it.each<[string, unknown, boolean]>([
      ['10.0.0.0/24', '10.0.0.0', true],
      ['10.0.0.0/24', '10.0.0.255', true],
      ['10.0.0.0/24', '10.0.1.0', false],
      ['10.0.0.0/8', '10.255.255.255', true],
      ['10.0.0.0/8', '11.0.0.0', false],
      ['10.0.0.5/24', '10.0.0.1', true],
      ['0.0.0.0/0', '255.255.255.255', true],
      ['192.168.1.0/31', '192.168.1.1', true],
      ['192.168.1.0/31', '192.168.1.2', false],
      ['10.0.0.0/24', '010.0.0.7', true],
      ['10.0.0.0/24', '10.0.0.256', false],
      ['10.0.0.0/24', 'not an ip', false],
      ['10.0.0.0/24', 167772161, false],
      ['10.0.0.0/24', '::ffff:a00:1', true],
      ['10.0.0.0/24', '::ffff:10.0.0.1', false],
      ['10.0.0.0/24', '::a00:1', false],
      ['2001:db8:1234:1a00::/64', '2001:0db8:1234:1a00:0000:0000:0000:0000', true],
      ['2001:db8:1234:1a00::/64', '2001:db8:1234:1a00:ffff:ffff:ffff:ffff', true],
      ['2001:db8:1234:1a00::/64', '2001:db8:1234:1a01::', false],
      ['2001:db8::/32', '2001:DB8:FFFF::1', true],
      ['2001:db8::/32', '10.0.0.1', false],
      ['::/0', '::1', true],
      ['::/0', '10.0.0.1', false],
      ['fe80::/10', 'fe80::1%eth0', false],
      ['fe80::/10', 'febf:ffff::', true],
      ['fe80::/10', 'fec0::', false],
    ])('evaluates cidr %s on %j as %s', (cidr, value, expected) => {
      expect(check({ cidr }, value)).toBe(expected);
    });
  });

  describe('fields mixing IP, numeric and string matchers', () => {
    it('reads an IP string as an address only when the field has an IP matcher', () => {
      // Prepare
      const pattern = { ip: [{ cidr: '10.0.0.0/8' }, { prefix: '192.' }] };

      // Act & Assess
      expect(matchesPattern(pattern, { ip: '10.1.2.3' })).toBe(true);
      expect(matchesPattern(pattern, { ip: '192.168.0.1' })).toBe(false);
      expect(matchesPattern(pattern, { ip: '192.x' })).toBe(true);
      expect(matchesPattern({ ip: [{ prefix: '192.' }] }, { ip: '192.168.0.1' })).toBe(true);
    });

    it('lets a negation pass an address it would exclude as a string when the field has an IP matcher', () => {
      const pattern = { ip: [{ cidr: '10.0.0.0/8' }, { 'anything-but': '192.168.0.1' }] };

      expect(matchesPattern(pattern, { ip: '192.168.0.1' })).toBe(true);
      expect(matchesPattern({ ip: [{ 'anything-but': '192.168.0.1' }] }, { ip: '192.168.0.1' })).toBe(false);
    });

    it('disables IP matchers on a field that also has a numeric matcher', () => {
      // Prepare
      const withRange = { ip: [{ cidr: '10.0.0.0/8' }, { numeric: ['>', 0] }] };
      const withNumber = { ip: ['10.0.0.1', 5] };

      // Act & Assess
      expect(matchesPattern(withRange, { ip: '10.0.0.1' })).toBe(false);
      expect(matchesPattern(withRange, { ip: 5 })).toBe(true);
      expect(matchesPattern(withNumber, { ip: '10.0.0.1' })).toBe(false);
      expect(matchesPattern(withNumber, { ip: 5 })).toBe(true);
    });

    it('keeps exists:true matching an address on such fields', () => {
      const pattern = { ip: [{ cidr: '10.0.0.0/8' }, { exists: true }] };

      expect(matchesPattern(pattern, { ip: '192.168.0.1' })).toBe(true);
    });
  });
});
