import { describe, expect, it } from 'vitest';
import { type BusEvent, fillTemplate, readPath, targetInput } from '#lib/local/eventbridge/input.ts';
import type { LocalRule, LocalTarget } from '#lib/local/topology.ts';

const INGESTION_TIME = '2026-03-14T09:26:54.120Z';

/** The event of the InputTransformer examples in the EventBridge user guide. */
const EVENT: BusEvent = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-0123456789', state: 'RUNNING' },
};

const RULE: LocalRule = {
  logicalId: 'ExampleRule',
  name: 'example',
  arn: 'arn:aws:events:us-east-1:123456789012:rule/example',
  busName: 'default',
  eventPattern: { source: ['aws.ec2'] },
  enabled: true,
  targets: [],
};

/** The paths map of the documented examples. */
const PATHS = {
  timestamp: '$.time',
  instance: '$.detail.instance-id',
  state: '$.detail.state',
  resource: '$.resources[0]',
};

function target(extra: Partial<LocalTarget> = {}): LocalTarget {
  return {
    id: 'Target0',
    arn: 'arn:aws:lambda:us-east-1:123456789012:function:consumer',
    kind: 'lambda',
    resourceId: 'Consumer',
    retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 },
    ...extra,
  };
}

function transformed(inputTemplate: string, inputPathsMap: Record<string, string> = PATHS): unknown {
  return targetInput(
    EVENT,
    target({ inputTransformer: { inputPathsMap, inputTemplate } }),
    RULE,
    INGESTION_TIME,
  );
}

describe('Function: targetInput', () => {
  it('passes the whole event when the target names no input', () => {
    // Prepare
    const plain = target();

    // Act
    const input = targetInput(EVENT, plain, RULE, INGESTION_TIME);

    // Assess
    expect(input).toEqual(EVENT);
  });

  describe('InputTransformer (documented examples)', () => {
    it.each([
      ['a string template', '"instance <instance> is in <state>"', '"instance i-0123456789 is in RUNNING"'],
      [
        'a JSON template',
        '{ "instance" : <instance>, "state": <state> }',
        '{ "instance" : "i-0123456789", "state": "RUNNING" }',
      ],
      [
        'an array template with constants',
        '{ "instance" : <instance>, "state": [ 9, <state>, true ], "Transformed" : "Yes" }',
        '{ "instance" : "i-0123456789", "state": [ 9, "RUNNING", true ], "Transformed" : "Yes" }',
      ],
      ['the reserved rule name', '"<aws.events.rule-name> triggered"', '"example triggered"'],
    ])('fills %s as the documentation shows', (_case, template, documented) => {
      // Prepare: the documented output, as the target receives it
      const expected = JSON.parse(documented);

      // Act
      const input = transformed(template);

      // Assess
      expect(input).toEqual(expected);
    });

    it.each([
      ['<aws.events.rule-arn>', 'arn:aws:events:us-east-1:123456789012:rule/example'],
      ['<aws.events.event.ingestion-time>', INGESTION_TIME],
      ['<timestamp>', '2015-11-11T21:29:54Z'],
      ['<resource>', 'arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
    ])('fills %s inside a string', (placeholder, expected) => {
      // Prepare
      const template = `"${placeholder}"`;

      // Act
      const input = transformed(template);

      // Assess
      expect(input).toBe(expected);
    });

    it('fills <aws.events.event.json> with the whole original event as a JSON value', () => {
      // Prepare
      const template = '{ "original": <aws.events.event.json>, "rule": "<aws.events.rule-name>" }';

      // Act
      const input = transformed(template);

      // Assess
      expect(input).toEqual({ original: EVENT, rule: 'example' });
    });

    it('fills <aws.events.event> with the original event without its detail', () => {
      // Prepare
      const template = '{ "envelope": <aws.events.event> }';

      // Act
      const input = transformed(template) as { envelope: Record<string, unknown> };

      // Assess
      const { detail: _detail, ...withoutDetail } = EVENT;
      expect(input.envelope).toEqual(withoutDetail);
      expect(input.envelope).not.toHaveProperty('detail');
    });

    it('fills a non-string value as JSON', () => {
      // Prepare
      const template = '{ "resources": <all>, "detail": <detail> }';

      // Act
      const input = transformed(template, { all: '$.resources', detail: '$.detail' });

      // Assess
      expect(input).toEqual({ resources: EVENT.resources, detail: EVENT.detail });
    });

    it('leaves nothing in the output for a path missing from the event', () => {
      // Prepare
      const template = '"state <state>, zone <zone>."';

      // Act
      const input = transformed(template, { ...PATHS, zone: '$.detail.availability-zone' });

      // Assess
      expect(input).toBe('state RUNNING, zone .');
    });

    it('keeps a placeholder that names no variable as text', () => {
      // Prepare
      const template = '"<unknown> stays"';

      // Act
      const input = transformed(template);

      // Assess
      expect(input).toBe('<unknown> stays');
    });

    it('does not let the paths map redefine a reserved variable', () => {
      // Prepare
      const template = '"<aws.events.rule-name>"';

      // Act
      const input = transformed(template, { 'aws.events.rule-name': '$.source' });

      // Assess
      expect(input).toBe('example');
    });
  });

  describe('InputPath', () => {
    it.each([
      ['$.detail', EVENT.detail],
      ['$.resources[0]', 'arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
      ['$.detail.instance-id', 'i-0123456789'],
      ['$', EVENT],
    ])('passes only the part %s selects', (inputPath, expected) => {
      // Prepare
      const selecting = target({ inputPath });

      // Act
      const input = targetInput(EVENT, selecting, RULE, INGESTION_TIME);

      // Assess
      expect(input).toEqual(expected);
    });

    it('passes null for a path missing from the event', () => {
      // Prepare
      const selecting = target({ inputPath: '$.detail.missing' });

      // Act
      const input = targetInput(EVENT, selecting, RULE, INGESTION_TIME);

      // Assess
      expect(input).toBeNull();
    });
  });

  describe('Input', () => {
    it('passes the constant JSON instead of the event', () => {
      // Prepare
      const constant = target({ input: '{"fixed":[1,"two",{"three":true}]}' });

      // Act
      const input = targetInput(EVENT, constant, RULE, INGESTION_TIME);

      // Assess
      expect(input).toEqual({ fixed: [1, 'two', { three: true }] });
    });
  });
});

describe('Function: fillTemplate', () => {
  it('produces exactly the documented text of the string example', () => {
    // Prepare
    const values = new Map<string, unknown>([
      ['instance', 'i-0123456789'],
      ['state', 'RUNNING'],
    ]);

    // Act
    const text = fillTemplate('"instance <instance> is in <state>"', values);

    // Assess
    expect(text).toBe('"instance i-0123456789 is in RUNNING"');
  });

  it('quotes a string value outside a string literal', () => {
    // Prepare
    const values = new Map<string, unknown>([['state', 'RUNNING']]);

    // Act
    const text = fillTemplate('[<state>, "<state>"]', values);

    // Assess
    expect(text).toBe('["RUNNING", "RUNNING"]');
  });
});

describe('Function: readPath', () => {
  it.each([
    ['$.detail.state', 'RUNNING'],
    ["$['detail']['instance-id']", 'i-0123456789'],
    ['$.resources[1]', undefined],
    ['$.detail.state.deeper', undefined],
    ['detail.state', undefined],
  ])('reads %s', (path, expected) => {
    // Prepare
    const root = EVENT;

    // Act
    const value = readPath(root, path);

    // Assess
    expect(value).toEqual(expected);
  });
});
