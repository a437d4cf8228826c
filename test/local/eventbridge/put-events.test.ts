import { describe, expect, it } from 'vitest';
import {
  acceptEntry,
  DEFAULT_MAX_ENTRY_BYTES,
  type EntryContext,
  type EntryOutcome,
  type PutEventsEntry,
} from '#lib/local/eventbridge/put-events.ts';

const NOW = Date.parse('2026-03-14T09:26:53.589Z');

function context(extra: Partial<EntryContext> = {}): EntryContext {
  return {
    region: 'eu-west-3',
    accountId: '123456789012',
    busExists: (name) => ['default', 'vigil'].includes(name),
    maxEntryBytes: DEFAULT_MAX_ENTRY_BYTES,
    now: () => NOW,
    ...extra,
  };
}

function entry(extra: Partial<Record<keyof PutEventsEntry, unknown>> = {}): PutEventsEntry {
  return { Source: 'vigil.ingest', DetailType: 'Signal', Detail: '{"id":"a"}', ...extra };
}

function accepted(outcome: EntryOutcome) {
  if (!outcome.ok) throw new Error(`expected the entry to be accepted: ${outcome.errorCode}`);
  return outcome;
}

function errorOf(outcome: EntryOutcome): { errorCode: string; errorMessage: string } {
  if (outcome.ok) throw new Error('expected the entry to be rejected');
  return { errorCode: outcome.errorCode, errorMessage: outcome.errorMessage };
}

describe('Function: acceptEntry', () => {
  it.each([
    ['Source is missing', { Source: undefined }],
    ['DetailType is missing', { DetailType: undefined }],
    ['Detail is missing', { Detail: undefined }],
    ['Source is not a string', { Source: 42 }],
    ['Source is empty', { Source: '' }],
    ['DetailType is empty', { DetailType: '' }],
  ])('rejects an entry whose %s with InvalidArgument', (_case, extra) => {
    // Prepare
    const input = entry(extra);

    // Act
    const outcome = acceptEntry(input, context());

    // Assess
    expect(errorOf(outcome).errorCode).toBe('InvalidArgument');
  });

  it.each(['aws.ec2', 'aws.events'])(
    'rejects the source %s with NotAuthorizedForSourceException',
    (source) => {
      // Prepare
      const input = entry({ Source: source });

      // Act
      const outcome = acceptEntry(input, context());

      // Assess
      expect(errorOf(outcome)).toEqual({
        errorCode: 'NotAuthorizedForSourceException',
        errorMessage: expect.stringContaining(source),
      });
    },
  );

  it('accepts a source that only contains "aws."', () => {
    // Prepare
    const input = entry({ Source: 'vigil.aws.mirror' });

    // Act
    const outcome = acceptEntry(input, context());

    // Assess
    expect(outcome.ok).toBe(true);
  });

  it.each([
    [128, true],
    [129, false],
  ])('with a DetailType of %i characters accepts it: %s', (length, ok) => {
    // Prepare
    const input = entry({ DetailType: 'x'.repeat(length) });

    // Act
    const outcome = acceptEntry(input, context());

    // Assess
    expect(outcome.ok).toBe(ok);
    if (!ok) expect(errorOf(outcome).errorCode).toBe('InvalidArgument');
  });

  describe('size limit', () => {
    // Source "s€" = 4 bytes, DetailType "t" = 1, Resources "r1" + "r22" = 5, Detail {"k":"é"} = 10:
    // 20 bytes (13 UTF-16 characters); spaces after the JSON pad Detail to the size wanted.
    const sized = (padding: number, time?: number) =>
      entry({
        Source: 's€',
        DetailType: 't',
        Resources: ['r1', 'r22'],
        Detail: `{"k":"é"}${' '.repeat(padding)}`,
        ...(time === undefined ? {} : { Time: time }),
      });

    it.each([
      ['without Time, at the limit', 80, undefined, true],
      ['without Time, one byte over', 81, undefined, false],
      ['with Time (14 bytes), at the limit', 66, 1_700_000_000, true],
      ['with Time (14 bytes), one byte over', 67, 1_700_000_000, false],
    ])('counts UTF-8 bytes %s', (_case, padding, time, ok) => {
      // Prepare
      const input = sized(padding, time);

      // Act
      const outcome = acceptEntry(input, context({ maxEntryBytes: 100 }));

      // Assess
      expect(outcome.ok).toBe(ok);
      if (!ok) {
        expect(errorOf(outcome)).toEqual({
          errorCode: 'InvalidArgument',
          errorMessage: expect.stringContaining('101 bytes'),
        });
      }
    });

    it('defaults to 256 KB', () => {
      // Prepare
      const input = entry({ Source: 's', DetailType: 't', Detail: `{"k":"${'x'.repeat(256 * 1024)}"}` });

      // Act
      const outcome = acceptEntry(input, context());

      // Assess
      expect(DEFAULT_MAX_ENTRY_BYTES).toBe(262_144);
      expect(errorOf(outcome).errorCode).toBe('InvalidArgument');
    });
  });

  it.each([
    ['not JSON', '{"id":'],
    ['empty', ''],
  ])('rejects a Detail that is %s with MalformedDetail', (_case, detail) => {
    // Prepare
    const input = entry({ Detail: detail });

    // Act
    const outcome = acceptEntry(input, context());

    // Assess
    expect(errorOf(outcome).errorCode).toBe('MalformedDetail');
  });

  it.each([
    ['an array', '[1,2]'],
    ['a string', '"text"'],
    ['a number', '42'],
    ['null', 'null'],
  ])('rejects a Detail that is %s (not an object) with MalformedDetail', (_case, detail) => {
    // Prepare
    const input = entry({ Detail: detail });

    // Act
    const outcome = acceptEntry(input, context());

    // Assess
    expect(errorOf(outcome).errorCode).toBe('MalformedDetail');
  });

  it('accepts an empty object as Detail', () => {
    // Prepare
    const input = entry({ Detail: '{}' });

    // Act
    const outcome = acceptEntry(input, context());

    // Assess
    expect(accepted(outcome).event.detail).toEqual({});
  });

  it('rejects an unknown bus with InvalidArgument', () => {
    // Prepare
    const input = entry({ EventBusName: 'nowhere' });

    // Act
    const outcome = acceptEntry(input, context());

    // Assess
    expect(errorOf(outcome)).toEqual({
      errorCode: 'InvalidArgument',
      errorMessage: expect.stringContaining('nowhere'),
    });
  });

  it.each([
    ['omitted', undefined, 'default'],
    ['empty', '', 'default'],
    ['a name', 'vigil', 'vigil'],
    ['an ARN', 'arn:aws:events:eu-west-3:123456789012:event-bus/vigil', 'vigil'],
  ])('resolves the bus when EventBusName is %s', (_case, busName, expected) => {
    // Prepare
    const input = entry(busName === undefined ? {} : { EventBusName: busName });

    // Act
    const outcome = acceptEntry(input, context());

    // Assess
    expect(accepted(outcome).busName).toBe(expected);
  });

  it.each([
    ['epoch seconds', 1_700_000_000, '2023-11-14T22:13:20Z'],
    ['fractional epoch seconds', 1_700_000_000.75, '2023-11-14T22:13:20Z'],
    ['RFC 3339 text', '2024-02-29T12:34:56Z', '2024-02-29T12:34:56Z'],
    [
      'RFC 3339 text with an offset and milliseconds',
      '2024-02-29T14:34:56.789+02:00',
      '2024-02-29T12:34:56Z',
    ],
    ['omitted (now)', undefined, '2026-03-14T09:26:53Z'],
  ])('sets the event time from Time given as %s', (_case, time, expected) => {
    // Prepare
    const input = entry(time === undefined ? {} : { Time: time });

    // Act
    const outcome = acceptEntry(input, context());

    // Assess
    expect(accepted(outcome).event.time).toBe(expected);
  });

  it('rejects a Time that is not a timestamp with InvalidArgument', () => {
    // Prepare
    const input = entry({ Time: 'yesterday-ish' });

    // Act
    const outcome = acceptEntry(input, context());

    // Assess
    expect(errorOf(outcome).errorCode).toBe('InvalidArgument');
  });

  it('builds the event envelope rules and targets see', () => {
    // Prepare
    const input = entry({
      Source: 'vigil.alerts',
      DetailType: 'Alert Raised',
      Detail: '{"alert":{"id":"a-1","level":3}}',
      Resources: ['arn:aws:dynamodb:eu-west-3:123456789012:table/history'],
      EventBusName: 'vigil',
    });

    // Act
    const { event } = accepted(acceptEntry(input, context()));

    // Assess
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      'detail-type': 'Alert Raised',
      source: 'vigil.alerts',
      account: '123456789012',
      time: '2026-03-14T09:26:53Z',
      region: 'eu-west-3',
      resources: ['arn:aws:dynamodb:eu-west-3:123456789012:table/history'],
      detail: { alert: { id: 'a-1', level: 3 } },
    });
    expect(Object.keys(event)).toEqual([
      'version',
      'id',
      'detail-type',
      'source',
      'account',
      'time',
      'region',
      'resources',
      'detail',
    ]);
  });

  it('gives each accepted entry its own id and an empty resources list by default', () => {
    // Prepare
    const input = entry();

    // Act
    const first = accepted(acceptEntry(input, context())).event;
    const second = accepted(acceptEntry(input, context())).event;

    // Assess
    expect(first.id).not.toBe(second.id);
    expect(first.resources).toEqual([]);
  });
});
