import { describe, expect, it } from 'vitest';
import { InvalidEventPatternError, MAX_PATTERN_LENGTH, validatePattern } from '#lib/core/pattern.ts';

/** The error validatePattern throws for the pattern; fails the test when it is accepted. */
function rejection(pattern: unknown): InvalidEventPatternError {
  try {
    validatePattern(pattern);
  } catch (error) {
    if (error instanceof InvalidEventPatternError) return error;
    throw error;
  }
  throw new Error(`pattern was accepted: ${JSON.stringify(pattern)}`);
}

type Case = [description: string, pattern: unknown, path: string, reason: string];

/** Asserts the code, that the message starts with the path, names the reason, and `field` is the path. */
function expectRejected(pattern: unknown, path: string, reason: string): void {
  const error = rejection(pattern);
  expect(error.code).toBe('INVALID_EVENT_PATTERN');
  expect(error.message.startsWith(`${path}: `)).toBe(true);
  expect(error.message).toContain(reason);
  expect(error.field).toBe(path === 'event pattern' ? undefined : path);
}

describe('Function: validatePattern', () => {
  describe('the pattern as a whole', () => {
    it.each<Case>([
      ['a JSON string', '"source"', 'event pattern', 'must be a JSON object'],
      ['a JSON array', '["not", "a", "dict"]', 'event pattern', 'must be a JSON object'],
      ['a JSON number', '5', 'event pattern', 'must be a JSON object'],
      ['JSON null', 'null', 'event pattern', 'must be a JSON object'],
      ['an array object', ['source'], 'event pattern', 'must be a JSON object'],
      ['undefined', undefined, 'event pattern', 'must be a JSON object'],
      ['text that is not JSON', 'this is not json', 'event pattern', 'is not valid JSON'],
      ['single-quoted JSON', "{'bad': 'quotation'}", 'event pattern', 'is not valid JSON'],
      ['JSON with a trailing comma', '{"resources": ["a", "b",]}', 'event pattern', 'is not valid JSON'],
      ['an empty string', '', 'event pattern', 'is not valid JSON'],
      ['an empty object', {}, 'event pattern', 'empty objects are not allowed'],
      ['empty JSON text object', '{ }', 'event pattern', 'empty objects are not allowed'],
    ])('rejects %s', (_description, pattern, path, reason) => {
      expectRejected(pattern, path, reason);
    });

    it('rejects JSON text longer than 4096 characters', () => {
      // Prepare
      const text = `{"source": ["${'a'.repeat(MAX_PATTERN_LENGTH)}"]}`;

      // Act & Assess
      expectRejected(text, 'event pattern', 'at most 4096');
    });

    it('accepts JSON text of exactly 4096 characters', () => {
      // Prepare
      const head = '{"source": ["';
      const tail = '"]}';
      const text = `${head}${'a'.repeat(MAX_PATTERN_LENGTH - head.length - tail.length)}${tail}`;

      // Act & Assess
      expect(text).toHaveLength(MAX_PATTERN_LENGTH);
      expect(validatePattern(text).matches({ source: 'a'.repeat(MAX_PATTERN_LENGTH - 16) })).toBe(true);
    });

    it('rejects an object whose JSON is longer than 4096 characters', () => {
      expectRejected({ source: ['a'.repeat(5000)] }, 'event pattern', 'at most 4096');
    });

    it('rejects an object that cannot be serialized to JSON', () => {
      // Prepare
      const pattern: Record<string, unknown> = { source: ['a'] };
      pattern.self = pattern;

      // Act & Assess
      expectRejected(pattern, 'event pattern', 'cannot be serialized to JSON');
    });
  });

  describe('fields', () => {
    it.each<Case>([
      [
        'a bare string value',
        { source: 'aws.ec2' },
        'source',
        'must be an object (nested fields) or an array',
      ],
      ['a bare number value', { int: 42 }, 'int', 'must be an object (nested fields) or an array'],
      [
        'a bare null value',
        { detail: { x: null } },
        'detail.x',
        'must be an object (nested fields) or an array',
      ],
      ['an empty nested object', { detail: {} }, 'detail', 'empty objects are not allowed'],
      ['an empty value array', { resources: [] }, 'resources', 'empty arrays are not allowed'],
      [
        'a nested empty value array',
        { detail: { state: [] } },
        'detail.state',
        'empty arrays are not allowed',
      ],
      ['an array inside a value array', { detail: { state: [['a']] } }, 'detail.state', 'not arrays'],
      ['an empty match expression', { detail: { state: [{}] } }, 'detail.state', 'must name an operator'],
      ['two operators in one expression', { a: [{ prefix: 'x', suffix: 'y' }] }, 'a', 'exactly one operator'],
      [
        'an upper-case operator',
        { detail: { equal: [{ NUMERIC: ['=', 5] }] } },
        'detail.equal',
        'unknown operator "NUMERIC"',
      ],
      ['EXISTS in capitals', { my_key: [{ EXISTS: true }] }, 'my_key', 'unknown operator "EXISTS"'],
      ['an unsupported operator', { a: [{ contains: 'x' }] }, 'a', 'unknown operator "contains"'],
      ['$or inside a value array', { a: [{ $or: [] }] }, 'a', 'unknown operator "$or"'],
    ])('rejects %s', (_description, pattern, path, reason) => {
      expectRejected(pattern, path, reason);
    });
  });

  describe('string operators', () => {
    it.each<Case>([
      ['a numeric prefix', { time: [{ prefix: 123 }] }, 'time', 'prefix operand must be a string'],
      ['a list prefix', { time: [{ prefix: ['2022-07-13'] }] }, 'time', 'prefix operand must be a string'],
      [
        'a prefix with an unknown option',
        { a: [{ prefix: { wildcard: 'x' } }] },
        'a',
        'exactly {"equals-ignore-case"',
      ],
      ['a prefix with an empty option object', { a: [{ prefix: {} }] }, 'a', 'exactly {"equals-ignore-case"'],
      [
        'a prefix ignore-case number',
        { a: [{ prefix: { 'equals-ignore-case': 1 } }] },
        'a',
        'equals-ignore-case operand must be a string',
      ],
      ['a numeric suffix', { FileName: [{ suffix: 123 }] }, 'FileName', 'suffix operand must be a string'],
      ['a list suffix', { FileName: [{ suffix: ['.png'] }] }, 'FileName', 'suffix operand must be a string'],
      [
        'a suffix with two options',
        { a: [{ suffix: { 'equals-ignore-case': 'x', prefix: 'y' } }] },
        'a',
        'exactly {"equals-ignore-case"',
      ],
      [
        'a list equals-ignore-case',
        { 'detail-type': [{ 'equals-ignore-case': ['ec2'] }] },
        'detail-type',
        'equals-ignore-case operand must be a string',
      ],
      [
        'an object equals-ignore-case',
        { 'detail-type': [{ 'equals-ignore-case': { prefix: 'ec2' } }] },
        'detail-type',
        'equals-ignore-case operand must be a string',
      ],
      ['a numeric exactly', { a: [{ exactly: 5 }] }, 'a', 'exactly operand must be a string'],
    ])('rejects %s', (_description, pattern, path, reason) => {
      expectRejected(pattern, path, reason);
    });
  });

  describe('wildcard', () => {
    it.each<Case>([
      [
        'a numeric operand',
        { EventBusArn: [{ wildcard: 123 }] },
        'EventBusArn',
        'wildcard operand must be a string',
      ],
      [
        'a list operand',
        { EventBusArn: [{ wildcard: ['arn:*'] }] },
        'EventBusArn',
        'wildcard operand must be a string',
      ],
      [
        'consecutive wildcards (position in the quoted UTF-8 operand)',
        { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:**:event-bus/*' }] },
        'EventBusArn',
        'consecutive wildcard characters at pos 26',
      ],
      ['consecutive wildcards after a multi-byte character', { a: [{ wildcard: 'é**' }] }, 'a', 'at pos 3'],
      [
        'an escape of an ordinary character',
        { a: [{ wildcard: 'a\\b' }] },
        'a',
        'invalid escape character at pos 2',
      ],
      ['a trailing backslash', { a: [{ wildcard: 'abc\\' }] }, 'a', 'invalid escape character at pos 4'],
      [
        'a too complex operand',
        { EventBusArn: [{ wildcard: '*:*:*:*:*:event-bus/*' }] },
        'EventBusArn',
        'rule is too complex',
      ],
      [
        'too many overlapping operands on one field',
        {
          key: [
            { wildcard: '*/datasync/*.bif' },
            { wildcard: '*/datasync/*.tif' },
            { wildcard: '*/datasync/*.tiff' },
            { wildcard: '*/datasync/*.svs' },
          ],
        },
        'key',
        'rule is too complex',
      ],
      [
        'a too complex anything-but wildcard',
        { a: [{ 'anything-but': { wildcard: '*a*a*a*a*a*a*' } }] },
        'a',
        'rule is too complex',
      ],
    ])('rejects %s', (_description, pattern, path, reason) => {
      expectRejected(pattern, path, reason);
    });

    it.each([
      [
        'a single wildcard with repeated sequences',
        { FileName: [{ wildcard: '/Users/*/dir/dir/dir/dir/dir/doc.txt' }] },
      ],
      [
        'four extension wildcards',
        {
          key: [{ wildcard: '*.bif' }, { wildcard: '*.tiff' }, { wildcard: '*.tif' }, { wildcard: '*.svs' }],
        },
      ],
      [
        'two datasync wildcards',
        { key: [{ wildcard: '*/datasync/*.bif' }, { wildcard: '*/datasync/*.tif' }] },
      ],
      ['an escaped double star', { a: [{ wildcard: '\\**' }] }],
      [
        'an ARN with two wildcards',
        { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
      ],
      [
        'an anything-but wildcard list sharing its prefix',
        { a: [{ 'anything-but': { wildcard: ['*.a', '*.b', '*.c', '*.d', '*.e', '*.f'] } }] },
      ],
    ])('accepts %s', (_description, pattern) => {
      expect(() => validatePattern(pattern)).not.toThrow();
    });
  });

  describe('exists', () => {
    it.each<Case>([
      ['a string', { a: [{ exists: 'true' }] }, 'a', 'exists operand must be true or false'],
      ['a number', { a: [{ exists: 1 }] }, 'a', 'exists operand must be true or false'],
      ['null', { a: [{ exists: null }] }, 'a', 'exists operand must be true or false'],
    ])('rejects %s', (_description, pattern, path, reason) => {
      expectRejected(pattern, path, reason);
    });
  });

  describe('cidr', () => {
    it.each<Case>([
      [
        'a list',
        { detail: { sourceIPAddress: [{ cidr: ['bad-type'] }] } },
        'detail.sourceIPAddress',
        'cidr operand must be a string',
      ],
      ['a number', { ip: [{ cidr: 10 }] }, 'ip', 'cidr operand must be a string'],
      ['no slash', { ip: [{ cidr: '10.0.0.0' }] }, 'ip', "exactly one '/' is required"],
      ['a trailing slash', { ip: [{ cidr: '10.0.0.0/' }] }, 'ip', "exactly one '/' is required"],
      ['two slashes', { ip: [{ cidr: '10.0.0.0/24/1' }] }, 'ip', "exactly one '/' is required"],
      ['a word for mask', { ip: [{ cidr: '10.0.0.0/abc' }] }, 'ip', 'mask bits must be an integer'],
      ['a fractional mask', { ip: [{ cidr: '10.0.0.0/24.0' }] }, 'ip', 'mask bits must be an integer'],
      ['an enormous mask', { ip: [{ cidr: '10.0.0.0/99999999999' }] }, 'ip', 'mask bits must be an integer'],
      ['a negative mask', { ip: [{ cidr: '10.0.0.0/-1' }] }, 'ip', 'mask bits must not be negative'],
      ['a /32 IPv4 mask', { ip: [{ cidr: '10.0.0.1/32' }] }, 'ip', 'IPv4 mask bits must be < 32'],
      ['a /128 IPv6 mask', { ip: [{ cidr: '2001:db8::1/128' }] }, 'ip', 'IPv6 mask bits must be < 128'],
      ['an IPv4-mapped IPv6 block', { ip: [{ cidr: '::ffff:0:0/96' }] }, 'ip', 'IPv4 mask bits must be < 32'],
      ['a nonstandard address', { ip: [{ cidr: 'xx.11.xx/24' }] }, 'ip', 'nonstandard IP address: xx.11.xx'],
      [
        'a non-hex IPv6 address',
        { ip: [{ cidr: 'xxxx:db8:1234:1a00::/64' }] },
        'ip',
        'nonstandard IP address',
      ],
      ['a host name', { ip: [{ cidr: 'example.com/24' }] }, 'ip', 'nonstandard IP address'],
      ['an octet above 255', { ip: [{ cidr: '10.0.0.256/24' }] }, 'ip', 'invalid IP address: 10.0.0.256'],
      ['a malformed IPv6 address', { ip: [{ cidr: '1::2::3/64' }] }, 'ip', 'invalid IP address'],
    ])('rejects %s', (_description, pattern, path, reason) => {
      expectRejected(pattern, path, reason);
    });

    it.each([
      '0.0.0.0/0',
      '10.0.0.5/24',
      '10.0.0.0/+24',
      '10.0.0.0/31',
      '::/0',
      '2001:db8::/127',
      '010.0.0.0/8',
    ])('accepts %s', (cidr) => {
      expect(() => validatePattern({ ip: [{ cidr }] })).not.toThrow();
    });
  });

  describe('numeric', () => {
    it.each<Case>([
      ['a number operand', { a: [{ numeric: 5 }] }, 'a', 'numeric operand must be an array'],
      ['an empty array', { a: [{ numeric: [] }] }, 'a', 'must start with an operator string'],
      ['a missing operator', { a: [{ numeric: [5] }] }, 'a', 'must start with an operator string'],
      ['an unknown operator', { a: [{ numeric: ['==', 5] }] }, 'a', 'unknown numeric operator "=="'],
      ['a missing value', { a: [{ numeric: ['='] }] }, 'a', 'numeric value after "=" must be a number'],
      ['a string value', { a: [{ numeric: ['=', '5'] }] }, 'a', 'numeric value after "=" must be a number'],
      ['a boolean value', { a: [{ numeric: ['>', true] }] }, 'a', 'numeric value after ">" must be a number'],
      ['a null value', { a: [{ numeric: ['<', null] }] }, 'a', 'numeric value after "<" must be a number'],
      [
        'a value JSON cannot hold as a double',
        '{"a": [{"numeric": [">", 1e400]}]}',
        'a',
        'cannot be compared',
      ],
      [
        '"=" followed by more',
        { a: [{ numeric: ['=', 5, '<', 6] }] },
        'a',
        'numeric "=" takes exactly one value',
      ],
      [
        'an upper bound first',
        { a: [{ numeric: ['<', 5, '>', 1] }] },
        'a',
        'numeric "<" takes exactly one value',
      ],
      [
        '"<=" followed by more',
        { a: [{ numeric: ['<=', 5, '>=', 1] }] },
        'a',
        'numeric "<=" takes exactly one value',
      ],
      [
        'two lower bounds',
        { detail: { 'c-count': [{ numeric: ['>', 0, '>', 0] }] } },
        'detail.c-count',
        'upper bound must start with "<" or "<="',
      ],
      [
        'a number where the second operator goes',
        { a: [{ numeric: ['>', 0, 5] }] },
        'a',
        'upper bound must start with "<" or "<="',
      ],
      [
        'a missing upper value',
        { detail: { 'c-count': [{ numeric: ['>', 0, '<'] }] } },
        'detail.c-count',
        'numeric value after "<" must be a number',
      ],
      [
        'a string upper value',
        { a: [{ numeric: ['>', 0, '<', '5'] }] },
        'a',
        'numeric value after "<" must be a number',
      ],
      ['too many terms', { a: [{ numeric: ['>', 0, '<', 5, '<', 6] }] }, 'a', 'at most two comparisons'],
      [
        'an empty range',
        { a: [{ numeric: ['>', 5, '<', 5] }] },
        'a',
        'lower bound must be less than its upper bound',
      ],
      [
        'a single-point closed range',
        { a: [{ numeric: ['>=', 5, '<=', 5] }] },
        'a',
        'lower bound must be less than',
      ],
      ['an inverted range', { a: [{ numeric: ['>=', 10, '<=', 5] }] }, 'a', 'lower bound must be less than'],
    ])('rejects %s', (_description, pattern, path, reason) => {
      expectRejected(pattern, path, reason);
    });

    it.each([
      ['a range', ['>', 0, '<=', 5]],
      ['a lower bound', ['>=', -1e12]],
      ['an upper bound', ['<', 1e12]],
      ['equality with a fraction', ['=', 0.1234567]],
      ['a bound beyond 5e9', ['>', 6e9]],
    ])('accepts %s', (_description, operand) => {
      expect(() => validatePattern({ a: [{ numeric: operand }] })).not.toThrow();
    });
  });

  describe('anything-but', () => {
    it.each<Case>([
      [
        'null',
        { detail: { state: [{ 'anything-but': null }] } },
        'detail.state',
        'anything-but operand must be',
      ],
      [
        'true',
        { detail: { state: [{ 'anything-but': true }] } },
        'detail.state',
        'anything-but operand must be',
      ],
      [
        'a mixed list',
        { detail: { state: [{ 'anything-but': ['a', 1] }] } },
        'detail.state',
        'anything-but list must contain only strings or only numbers',
      ],
      [
        'an empty list',
        { detail: { state: [{ 'anything-but': [] }] } },
        'detail.state',
        'anything-but list must not be empty',
      ],
      [
        'a list with null',
        { detail: { state: [{ 'anything-but': ['a', null] }] } },
        'detail.state',
        'only strings or only numbers',
      ],
      [
        'a list with a boolean',
        { detail: { state: [{ 'anything-but': [true] }] } },
        'detail.state',
        'only strings or only numbers',
      ],
      [
        'a list with an object',
        { detail: { state: [{ 'anything-but': [{ prefix: 'a' }] }] } },
        'detail.state',
        'only strings or only numbers',
      ],
      [
        'a nested list',
        { detail: { state: [{ 'anything-but': [['a']] }] } },
        'detail.state',
        'only strings or only numbers',
      ],
      [
        'a non-finite number',
        '{"detail": {"state": [{"anything-but": [1e400]}]}}',
        'detail.state',
        'cannot be compared',
      ],
      ['an empty object', { a: [{ 'anything-but': {} }] }, 'a', 'exactly one of "prefix"'],
      [
        'an object with two operators',
        { a: [{ 'anything-but': { prefix: 'a', suffix: 'b' } }] },
        'a',
        'exactly one of "prefix"',
      ],
      [
        'numeric',
        { a: [{ 'anything-but': { numeric: ['>', 1] } }] },
        'a',
        'anything-but does not support "numeric"',
      ],
      [
        'exists',
        { a: [{ 'anything-but': { exists: true } }] },
        'a',
        'anything-but does not support "exists"',
      ],
      [
        'cidr',
        { a: [{ 'anything-but': { cidr: '10.0.0.0/8' } }] },
        'a',
        'anything-but does not support "cidr"',
      ],
      [
        'anything-but',
        { a: [{ 'anything-but': { 'anything-but': 'x' } }] },
        'a',
        'anything-but does not support "anything-but"',
      ],
      [
        'an empty prefix',
        { a: [{ 'anything-but': { prefix: '' } }] },
        'a',
        'anything-but prefix must not be an empty string',
      ],
      [
        'an empty suffix',
        { a: [{ 'anything-but': { suffix: '' } }] },
        'a',
        'anything-but suffix must not be an empty string',
      ],
      [
        'an empty prefix in a list',
        { a: [{ 'anything-but': { prefix: ['a', ''] } }] },
        'a',
        'must not be an empty string',
      ],
      [
        'a numeric prefix',
        { detail: { state: [{ 'anything-but': { prefix: 123 } }] } },
        'detail.state',
        'anything-but prefix operand must be a string',
      ],
      [
        'a prefix list with a number',
        { detail: { state: [{ 'anything-but': { prefix: [123, 'test'] } }] } },
        'detail.state',
        'anything-but prefix operand must be a string',
      ],
      [
        'a suffix list with a number',
        { detail: { FileName: [{ 'anything-but': { suffix: [123, '.txt'] } }] } },
        'detail.FileName',
        'anything-but suffix operand must be a string',
      ],
      [
        'an empty prefix list',
        { a: [{ 'anything-but': { prefix: [] } }] },
        'a',
        'anything-but prefix list must not be empty',
      ],
      [
        'a numeric ignore-case',
        { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 123 } }] } },
        'detail.state',
        'anything-but equals-ignore-case operand must be a string',
      ],
      [
        'an ignore-case list of numbers',
        { detail: { state: [{ 'anything-but': { 'equals-ignore-case': [123, 456] } }] } },
        'detail.state',
        'must be a string',
      ],
      [
        'a numeric wildcard',
        { detail: { FilePath: [{ 'anything-but': { wildcard: 123 } }] } },
        'detail.FilePath',
        'anything-but wildcard operand must be a string',
      ],
      [
        'a wildcard list with a number',
        { detail: { state: [{ 'anything-but': { wildcard: [123, '*/dir/*'] } }] } },
        'detail.state',
        'must be a string',
      ],
      [
        'an invalid wildcard',
        { a: [{ 'anything-but': { wildcard: 'a**' } }] },
        'a',
        'anything-but wildcard consecutive wildcard characters at pos 2',
      ],
      [
        'a case-insensitive prefix',
        { detail: { FileName: [{ 'anything-but': { prefix: { 'equals-ignore-case': 'file' } } }] } },
        'detail.FileName',
        'must be a string',
      ],
      [
        'a case-insensitive suffix',
        { detail: { FileName: [{ 'anything-but': { suffix: { 'equals-ignore-case': '.png' } } }] } },
        'detail.FileName',
        'must be a string',
      ],
      ['a null prefix', { a: [{ 'anything-but': { prefix: null } }] }, 'a', 'must be a string'],
    ])('rejects %s', (_description, pattern, path, reason) => {
      expectRejected(pattern, path, reason);
    });
  });

  describe('$or', () => {
    it.each<Case>([
      ['a single branch', { $or: [{ a: ['1'] }] }, '$or', '$or must hold at least 2 objects, found 1'],
      ['no branch', { detail: { $or: [] } }, 'detail.$or', '$or must hold at least 2 objects, found 0'],
      ['a string', { detail: { $or: 'x' } }, 'detail.$or', '$or must be an array'],
      ['a string branch', { $or: [{ a: ['1'] }, 'b'] }, '$or[1]', 'each $or element must be a JSON object'],
      [
        'an array branch',
        { $or: [{ a: ['1'] }, [{ b: ['2'] }]] },
        '$or[1]',
        'each $or element must be a JSON object',
      ],
      ['an empty branch', { $or: [{ a: ['1'] }, {}] }, '$or[1]', 'empty objects are not allowed'],
      [
        'an invalid value in a branch',
        { detail: { $or: [{ a: [] }, { b: ['1'] }] } },
        'detail.$or[0].a',
        'empty arrays are not allowed',
      ],
      [
        'an operator name as a field in a branch',
        { $or: [{ prefix: ['x'] }, { b: ['1'] }] },
        '$or[0].prefix',
        'is an operator name',
      ],
      [
        'an operator name nested in a branch',
        { $or: [{ b: ['1'] }, { detail: { numeric: ['1'] } }] },
        '$or[1].detail.numeric',
        'is an operator name',
      ],
      [
        'a reserved comparison name in a branch',
        { $or: [{ '>=': ['1'] }, { b: ['1'] }] },
        '$or[0].>=',
        'is an operator name',
      ],
    ])('rejects %s', (_description, pattern, path, reason) => {
      expectRejected(pattern, path, reason);
    });

    it('rejects more than 1000 combinations', () => {
      // Prepare: 11 x 10 x 10 = 1100.
      const branches = (count: number) =>
        Array.from({ length: count }, (_, index) => ({ [`k${index}`]: [1] }));
      const pattern = { $or: branches(11), a: { $or: branches(10) }, b: { $or: branches(10) } };

      // Act & Assess
      expectRejected(pattern, 'event pattern', '$or yields 1100 rule combinations; at most 1000');
    });

    it('accepts operator names as plain field names outside $or', () => {
      expect(
        validatePattern({ prefix: ['x'], detail: { numeric: ['1'] } }).matches({
          prefix: 'x',
          detail: { numeric: '1' },
        }),
      ).toBe(true);
    });
  });

  describe('rule size', () => {
    it('rejects a combination of more than 256 fields', () => {
      // Prepare
      const pattern = Object.fromEntries(Array.from({ length: 257 }, (_, index) => [`f${index}`, [1]]));

      // Act & Assess
      expectRejected(pattern, 'event pattern', 'names 257 fields; at most 256');
    });

    it('accepts 256 fields', () => {
      const pattern = Object.fromEntries(Array.from({ length: 256 }, (_, index) => [`f${index}`, [1]]));

      expect(() => validatePattern(pattern)).not.toThrow();
    });
  });
});
