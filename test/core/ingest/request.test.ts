import { describe, expect, it } from 'vitest';
import { parseIngestBody } from '#lib/core/ingest/request.ts';

describe('Function: parseIngestBody', () => {
  it('reads one event', () => {
    expect(parseIngestBody('{"source":"a","type":"b"}', false)).toEqual({
      kind: 'single',
      event: { source: 'a', type: 'b' },
    });
  });

  it('reads a batch', () => {
    expect(parseIngestBody('{"events":[{"a":1},{"b":2}]}', false)).toEqual({
      kind: 'batch',
      events: [{ a: 1 }, { b: 2 }],
    });
  });

  it('decodes a base64 body', () => {
    expect(parseIngestBody(Buffer.from('{"events":[1]}').toString('base64'), true)).toEqual({
      kind: 'batch',
      events: [1],
    });
  });

  it.each([
    ['no body', undefined, 'MALFORMED_BODY', 'body: is required'],
    ['an empty body', '', 'MALFORMED_BODY', 'body: is required'],
    ['invalid JSON', '{"a":', 'MALFORMED_BODY', 'body: must be valid JSON'],
    ['a JSON array', '[1]', 'MALFORMED_BODY', 'body: must be a JSON object'],
    ['a JSON string', '"x"', 'MALFORMED_BODY', 'body: must be a JSON object'],
    ['events that is not an array', '{"events":{}}', 'MALFORMED_BODY', 'events: must be an array'],
    ['an empty batch', '{"events":[]}', 'MALFORMED_BODY', 'events: must hold 1-100 events, got 0'],
    [
      'a batch of 101',
      JSON.stringify({ events: new Array(101).fill({}) }),
      'MALFORMED_BODY',
      'events: must hold 1-100 events, got 101',
    ],
    [
      'a batch with another field',
      '{"events":[{}],"x":1}',
      'MALFORMED_BODY',
      'x: is not a known field of a batch',
    ],
    [
      'a body over 1 MiB',
      JSON.stringify({ events: [{ data: 'x'.repeat(1024 * 1024) }] }),
      'BODY_TOO_LARGE',
      'body: must be at most 1048576 bytes',
    ],
  ])('refuses %s', (_name, body, code, message) => {
    expect(() => parseIngestBody(body, false)).toThrow(
      expect.objectContaining({ code, message: expect.stringContaining(message) }),
    );
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => parseIngestBody(Buffer.from([0xff, 0xfe, 0x7b]).toString('base64'), true)).toThrow(
      'body: must be UTF-8 text',
    );
  });
});
