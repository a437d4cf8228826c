import { describe, expect, it } from 'vitest';
import {
  CompiledPattern,
  compilePattern,
  type EventPattern,
  InvalidEventPatternError,
  matchesPattern,
  validatePattern,
} from '#lib/core/pattern.ts';

/** The EC2 event of the AWS docs (digest §1). */
const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

/** An envelope around a detail, for the examples that only show the detail. */
function withDetail(detail: Record<string, unknown>): Record<string, unknown> {
  return { ...ec2Event, detail };
}

describe('Function: matchesPattern', () => {
  describe('documented examples: how a pattern is evaluated', () => {
    it('matches the EC2 state-change event with the source, detail-type and state pattern', () => {
      // Prepare
      const pattern = {
        source: ['aws.ec2'],
        'detail-type': ['EC2 Instance State-change Notification'],
        detail: { state: ['terminated'] },
      };

      // Act
      const matched = matchesPattern(pattern, ec2Event);

      // Assess
      expect(matched).toBe(true);
    });

    it('does not match the EC2 event when one named field differs', () => {
      const pattern = { source: ['aws.ec2'], detail: { state: ['running'] } };

      expect(matchesPattern(pattern, ec2Event)).toBe(false);
    });

    it('ignores event fields the pattern does not name', () => {
      expect(matchesPattern({ region: ['us-west-1'] }, ec2Event)).toBe(true);
    });

    it('requires every named field to exist at the same nesting', () => {
      expect(matchesPattern({ state: ['terminated'] }, ec2Event)).toBe(false);
    });

    it('matches when the pattern array and the event array intersect (resources example)', () => {
      // Prepare
      const pattern = {
        resources: [
          'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
          'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
          'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
        ],
      };
      const event = {
        ...ec2Event,
        resources: [
          'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
          'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        ],
      };

      // Act & Assess
      expect(matchesPattern(pattern, event)).toBe(true);
      expect(matchesPattern(pattern, { ...event, resources: [event.resources[0]] })).toBe(false);
    });

    it('matches the Macie finding with a severity score of 1 and a count of 2', () => {
      // Prepare
      const pattern = {
        source: ['aws.macie'],
        'detail-type': ['Macie Finding'],
        detail: { severity: { score: [1] }, count: [2] },
      };
      const event = {
        ...ec2Event,
        source: 'aws.macie',
        'detail-type': 'Macie Finding',
        detail: {
          severity: { score: 1, description: 'Low' },
          count: 2,
          type: 'Policy:IAMUser/S3BucketEncryptionDisabled',
        },
      };

      // Act & Assess
      expect(matchesPattern(pattern, event)).toBe(true);
      expect(matchesPattern(pattern, { ...event, detail: { ...event.detail, count: 3 } })).toBe(false);
    });

    it('treats ARN separators literally (":" and "/" are not interchangeable)', () => {
      const pattern = { resources: ['arn:aws:ec2:us-west-1:123456789012:instance:i-1234567890abcdef0'] };

      expect(matchesPattern(pattern, ec2Event)).toBe(false);
    });

    it('keeps the last of two identical keys in JSON text (duplicate-key note)', () => {
      // Prepare
      const text =
        '{"detail": {"location": [ { "prefix": "us-" } ], "location": [ { "anything-but": "us-east" } ]}}';

      // Act & Assess
      expect(matchesPattern(text, withDetail({ location: 'us-east' }))).toBe(false);
      expect(matchesPattern(text, withDetail({ location: 'eu-west-1' }))).toBe(true);
    });
  });

  describe('documented examples: the operator summary table', () => {
    const event = withDetail({});
    it.each<[string, EventPattern, Record<string, unknown>, Record<string, unknown>]>([
      [
        'And',
        { Location: ['New York'], Day: ['Monday'] },
        { Location: 'New York', Day: 'Monday' },
        { Location: 'New York', Day: 'Tuesday' },
      ],
      [
        'Anything-but',
        { state: [{ 'anything-but': 'initializing' }] },
        { state: 'running' },
        { state: 'initializing' },
      ],
      [
        'Anything-but (begins with)',
        { Region: [{ 'anything-but': { prefix: 'us-' } }] },
        { Region: 'eu-west-1' },
        { Region: 'us-east-1' },
      ],
      [
        'Anything-but (ends with)',
        { FileName: [{ 'anything-but': { suffix: '.png' } }] },
        { FileName: 'a.jpg' },
        { FileName: 'a.png' },
      ],
      [
        'Anything-but (ignore case)',
        { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] },
        { state: 'running' },
        { state: 'INITIALIZING' },
      ],
      [
        'Anything-but using a wildcard',
        { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
        { FilePath: '/usr/bin/x' },
        { FilePath: '/usr/lib/x' },
      ],
      ['Begins with', { Region: [{ prefix: 'us-' }] }, { Region: 'us-east-1' }, { Region: 'eu-west-1' }],
      [
        'Begins with (ignore case)',
        { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] },
        { service: 'EventBridge' },
        { service: 'Events' },
      ],
      ['Empty', { LastName: [''] }, { LastName: '' }, { LastName: 'Doe' }],
      ['Equals', { Name: ['Alice'] }, { Name: 'Alice' }, { Name: 'alice' }],
      [
        'Equals (ignore case)',
        { Name: [{ 'equals-ignore-case': 'alice' }] },
        { Name: 'ALICE' },
        { Name: 'Alicia' },
      ],
      ['Ends with', { FileName: [{ suffix: '.png' }] }, { FileName: 'photo.png' }, { FileName: 'photo.PNG' }],
      [
        'Ends with (ignore case)',
        { service: [{ suffix: { 'equals-ignore-case': 'tBridge' } }] },
        { service: 'EventBRIDGE' },
        { service: 'EventBus' },
      ],
      ['Exists', { ProductName: [{ exists: true }] }, { ProductName: 'x' }, { Other: 'x' }],
      ['Does not exist', { ProductName: [{ exists: false }] }, { Other: 'x' }, { ProductName: 'x' }],
      ['Not', { Weather: [{ 'anything-but': ['Raining'] }] }, { Weather: 'Sunny' }, { Weather: 'Raining' }],
      ['Null', { UserID: [null] }, { UserID: null }, { UserID: 'u-1' }],
      ['Numeric (equals)', { Price: [{ numeric: ['=', 100] }] }, { Price: 100 }, { Price: 100.5 }],
      ['Numeric (range)', { Price: [{ numeric: ['>', 10, '<=', 20] }] }, { Price: 20 }, { Price: 10 }],
      ['Or', { PaymentType: ['Credit', 'Debit'] }, { PaymentType: 'Debit' }, { PaymentType: 'Cash' }],
      [
        'Or (multiple fields)',
        { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] },
        { Day: 'Monday' },
        { Location: 'Boston', Day: 'Sunday' },
      ],
      [
        'Wildcard',
        { FileName: [{ wildcard: 'dir/*.png' }] },
        { FileName: 'dir/a.png' },
        { FileName: 'other/a.png' },
      ],
    ])('%s: matches the example and rejects a counter-example', (_name, pattern, matching, other) => {
      // Prepare
      const compiled = compilePattern(pattern);

      // Act & Assess
      expect(compiled.matches({ ...event, ...matching })).toBe(true);
      expect(compiled.matches({ ...event, ...other })).toBe(false);
    });
  });

  describe('documented examples: operators in detail', () => {
    it('matches null and the empty string separately (null-values example)', () => {
      // Prepare
      const event = withDetail({ eventVersion: '', responseElements: null });

      // Act & Assess
      expect(matchesPattern({ detail: { eventVersion: [''] } }, event)).toBe(true);
      expect(matchesPattern({ detail: { responseElements: [null] } }, event)).toBe(true);
      expect(matchesPattern({ detail: { eventVersion: [null] } }, event)).toBe(false);
      expect(matchesPattern({ detail: { responseElements: [''] } }, event)).toBe(false);
    });

    it('matches a time with the prefix "2017-10-02"', () => {
      const event = { ...ec2Event, time: '2017-10-02T18:43:48Z' };

      expect(matchesPattern({ time: [{ prefix: '2017-10-02' }] }, event)).toBe(true);
      expect(matchesPattern({ time: [{ prefix: '2017-10-03' }] }, event)).toBe(false);
    });

    it.each(['EventBridge', 'EVENTBRIDGE', 'eventbridge', 'eVeNtB'])(
      'matches service "%s" with the case-insensitive prefix "EventB"',
      (service) => {
        const pattern = { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } };

        expect(matchesPattern(pattern, withDetail({ service }))).toBe(true);
      },
    );

    it.each([
      ['image.png', true],
      ['image.PNG', true],
      ['image.Png', true],
      ['image.jpg', false],
    ])('matches FileName "%s" with the case-insensitive suffix ".png": %s', (name, expected) => {
      const pattern = { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } };

      expect(matchesPattern(pattern, withDetail({ FileName: name }))).toBe(expected);
    });

    it('matches a FileName ending in ".png" with the suffix example', () => {
      expect(matchesPattern({ FileName: [{ suffix: '.png' }] }, { FileName: 'a.png' })).toBe(true);
      expect(matchesPattern({ FileName: [{ suffix: '.png' }] }, { FileName: 'a.png.gz' })).toBe(false);
    });

    it.each<[EventPattern, Record<string, unknown>, boolean]>([
      [{ detail: { state: [{ 'anything-but': 'initializing' }] } }, { state: 'pending' }, true],
      [{ detail: { state: [{ 'anything-but': 'initializing' }] } }, { state: 'initializing' }, false],
      [{ detail: { 'x-limit': [{ 'anything-but': 123 }] } }, { 'x-limit': 124 }, true],
      [{ detail: { 'x-limit': [{ 'anything-but': 123 }] } }, { 'x-limit': 123 }, false],
      [{ detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, { state: 'running' }, true],
      [
        { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
        { state: 'overloaded' },
        false,
      ],
      [{ detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, { 'x-limit': 301.8 }, true],
      [{ detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, { 'x-limit': 200 }, false],
      [{ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, { state: 'running' }, true],
      [{ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, { state: 'initializing' }, false],
    ])('evaluates the anything-but example %j on %j as %s', (pattern, detail, expected) => {
      expect(matchesPattern(pattern, withDetail(detail))).toBe(expected);
    });

    it('requires every numeric condition of the c-count / d-count / x-limit example', () => {
      // Prepare
      const pattern = {
        detail: {
          'c-count': [{ numeric: ['>', 0, '<=', 5] }],
          'd-count': [{ numeric: ['<', 10] }],
          'x-limit': [{ numeric: ['=', 3.018e2] }],
        },
      };

      // Act & Assess
      expect(matchesPattern(pattern, withDetail({ 'c-count': 5, 'd-count': 3, 'x-limit': 301.8 }))).toBe(
        true,
      );
      expect(matchesPattern(pattern, withDetail({ 'c-count': 0, 'd-count': 3, 'x-limit': 301.8 }))).toBe(
        false,
      );
      expect(matchesPattern(pattern, withDetail({ 'c-count': 5, 'd-count': 10, 'x-limit': 301.8 }))).toBe(
        false,
      );
      expect(matchesPattern(pattern, withDetail({ 'c-count': 5, 'd-count': 3, 'x-limit': 301 }))).toBe(false);
    });

    it('matches "state exists" on a pending EC2 event but not on the event without state', () => {
      // Prepare
      const pattern = { detail: { state: [{ exists: true }] } };
      const pending = withDetail({ 'instance-id': 'i-abcd1111', state: 'pending' });
      const withoutState = {
        'detail-type': ['EC2 Instance State-change Notification'],
        resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
        detail: { 'c-count': { c1: 100 } },
      };

      // Act & Assess
      expect(matchesPattern(pattern, pending)).toBe(true);
      expect(matchesPattern(pattern, withoutState)).toBe(false);
    });

    it.each([
      ['10.0.0.0', true],
      ['10.0.0.255', true],
      ['10.0.0.127', true],
      ['10.0.1.0', false],
      ['9.255.255.255', false],
    ])('matches sourceIPAddress %s against cidr 10.0.0.0/24: %s', (address, expected) => {
      const pattern = { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } };

      expect(matchesPattern(pattern, withDetail({ sourceIPAddress: address }))).toBe(expected);
    });

    it('matches an array-valued detail-type case-insensitively (equals-ignore-case example)', () => {
      // Prepare
      const pattern = { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] };
      const event = {
        'detail-type': ['EC2 Instance State-change Notification'],
        resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
        detail: { 'c-count': { c1: 100 } },
      };

      // Act & Assess
      expect(matchesPattern(pattern, event)).toBe(true);
    });

    it.each([
      ['*.png', 'image.png', true],
      ['*.png', 'image.jpg', false],
      ['*Title*', 'The Title Page', true],
      ['*Title*', 'Title', true],
      ['*Title*', 'the title', false],
    ])('matches wildcard %s against "%s": %s (wildcard blog examples)', (wildcard, value, expected) => {
      expect(matchesPattern({ name: [{ wildcard }] }, { name: value })).toBe(expected);
    });

    it('matches when any branch of the documented $or matches', () => {
      // Prepare
      const pattern = {
        detail: {
          $or: [
            { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
            { 'd-count': [{ numeric: ['<', 10] }] },
            { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
          ],
        },
      };

      // Act & Assess
      expect(matchesPattern(pattern, withDetail({ 'c-count': 3 }))).toBe(true);
      expect(matchesPattern(pattern, withDetail({ 'd-count': 9 }))).toBe(true);
      expect(matchesPattern(pattern, withDetail({ 'x-limit': 301.8 }))).toBe(true);
      expect(matchesPattern(pattern, withDetail({ 'c-count': 6, 'd-count': 10, 'x-limit': 1 }))).toBe(false);
    });

    it('evaluates the combined example (prefix, anything-but, numeric range, anything-but list)', () => {
      // Prepare
      const pattern = {
        time: [{ prefix: '2017-10-02' }],
        detail: {
          state: [{ 'anything-but': 'initializing' }],
          'c-count': [{ numeric: ['>', 0, '<=', 5] }],
          'd-count': [{ numeric: ['<', 10] }],
          'x-limit': [{ 'anything-but': [100, 200, 300] }],
        },
      };
      const event = {
        ...ec2Event,
        time: '2017-10-02T16:24:49Z',
        detail: { state: 'running', 'c-count': 5, 'd-count': 3, 'x-limit': 301.8 },
      };

      // Act & Assess
      expect(matchesPattern(pattern, event)).toBe(true);
      expect(matchesPattern(pattern, { ...event, detail: { ...event.detail, 'x-limit': 300 } })).toBe(false);
      expect(matchesPattern(pattern, { ...event, time: '2017-10-03T00:00:00Z' })).toBe(false);
    });
  });

  describe('envelope fields', () => {
    it.each([
      ['source', 'aws.ec2'],
      ['detail-type', 'EC2 Instance State-change Notification'],
      ['account', '111122223333'],
      ['region', 'us-west-1'],
      ['id', '6a7e8feb-b491-4cf7-a9f1-bf3703467718'],
      ['version', '0'],
      ['time', '2017-12-22T18:43:48Z'],
    ])('matches on the top-level field %s', (field, value) => {
      expect(matchesPattern({ [field]: [value] }, ec2Event)).toBe(true);
      expect(matchesPattern({ [field]: [`${value}-other`] }, ec2Event)).toBe(false);
    });

    it('matches on replay-name when the event carries it', () => {
      const event = { ...ec2Event, 'replay-name': 'replay-1' };

      expect(matchesPattern({ 'replay-name': ['replay-1'] }, event)).toBe(true);
      expect(matchesPattern({ 'replay-name': [{ exists: false }] }, ec2Event)).toBe(true);
    });
  });

  describe('inputs', () => {
    it('accepts the pattern as JSON text', () => {
      expect(matchesPattern('{"source": ["aws.ec2"]}', ec2Event)).toBe(true);
    });

    it('accepts a compiled pattern', () => {
      const compiled = compilePattern({ source: ['aws.ec2'] });

      expect(matchesPattern(compiled, ec2Event)).toBe(true);
    });

    it('throws InvalidEventPatternError for an invalid pattern', () => {
      expect(() => matchesPattern({ source: 'aws.ec2' }, ec2Event)).toThrow(InvalidEventPatternError);
    });

    it('matches nothing when the event is not an object', () => {
      const compiled = compilePattern({ source: [{ exists: false }] });

      expect(compiled.matches(null as unknown as Record<string, unknown>)).toBe(false);
      expect(compiled.matches([] as unknown as Record<string, unknown>)).toBe(false);
    });
  });
});

describe('Function: validatePattern', () => {
  it('returns a compiled pattern carrying the parsed pattern and its JSON text', () => {
    // Prepare
    const text = '{"source": ["aws.ec2"], "detail": {"state": ["running"]}}';

    // Act
    const compiled = validatePattern(text);

    // Assess
    expect(compiled).toBeInstanceOf(CompiledPattern);
    expect(compiled.pattern).toEqual({ source: ['aws.ec2'], detail: { state: ['running'] } });
    expect(compiled.text).toBe(text);
  });

  it('returns the same compiled pattern when given one', () => {
    const compiled = compilePattern({ source: ['a'] });

    expect(validatePattern(compiled)).toBe(compiled);
  });

  it('serializes an object pattern as JSON first (undefined members disappear)', () => {
    const compiled = validatePattern({ source: ['a'], detail: undefined });

    expect(compiled.text).toBe('{"source":["a"]}');
  });
});

describe('Function: compilePattern', () => {
  it('reports the number of $or combinations', () => {
    // Prepare
    const pattern = {
      $or: [{ a: ['1'] }, { b: ['2'] }, { c: ['3'] }],
      detail: { $or: [{ d: ['4'] }, { e: ['5'] }] },
    };

    // Act
    const compiled = compilePattern(pattern);

    // Assess
    expect(compiled.combinations).toBe(6);
  });

  it('matches many events quickly once compiled', () => {
    // Prepare
    const compiled = compilePattern({
      source: ['aws.ec2', 'aws.s3'],
      'detail-type': [{ prefix: 'EC2' }],
      detail: { state: [{ 'anything-but': ['pending'] }], 'instance-id': [{ wildcard: 'i-*' }] },
    });
    const started = performance.now();

    // Act
    let matched = 0;
    for (let index = 0; index < 20_000; index++) {
      if (compiled.matches({ ...ec2Event, id: String(index) })) matched++;
    }

    // Assess
    expect(matched).toBe(20_000);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
