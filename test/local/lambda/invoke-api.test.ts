import { describe, expect, it } from 'vitest';
import {
  functionErrorPayload,
  invocationType,
  invokedFunctionName,
  LambdaApiError,
  parsePayload,
  requestedFunctionArn,
} from '#lib/local/lambda/invoke-api.ts';

const WHERE = { region: 'eu-west-1', accountId: '123456789012' };

describe('Function: invokedFunctionName', () => {
  it.each([
    ['/2015-03-31/functions/vigil-ingest/invocations', 'vigil-ingest'],
    [
      '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Avigil-ingest/invocations',
      'arn:aws:lambda:eu-west-1:123456789012:function:vigil-ingest',
    ],
    ['/2015-03-31/functions/vigil-ingest/invocations/', 'vigil-ingest'],
    ['/2015-03-31/functions/vigil-ingest', undefined],
    ['/2014-11-13/functions/vigil-ingest/invoke-async/', undefined],
  ])('reads %s as %s', (pathname, name) => {
    expect(invokedFunctionName(pathname)).toBe(name);
  });
});

describe('Function: invocationType', () => {
  it('defaults to RequestResponse and takes the three Lambda knows', () => {
    expect([undefined, '', 'Event', 'DryRun', 'RequestResponse'].map((h) => invocationType(h))).toEqual([
      'RequestResponse',
      'RequestResponse',
      'Event',
      'DryRun',
      'RequestResponse',
    ]);
  });

  it('refuses anything else with ValidationException', () => {
    expect(() => invocationType('event')).toThrow(LambdaApiError);
    expect(() => invocationType('event')).toThrow(/Value 'event' at 'invocationType'/);
  });
});

describe('Function: requestedFunctionArn', () => {
  it.each([
    ['vigil-ingest', undefined, 'arn:aws:lambda:eu-west-1:123456789012:function:vigil-ingest'],
    ['vigil-ingest', 'live', 'arn:aws:lambda:eu-west-1:123456789012:function:vigil-ingest:live'],
    ['111111111111:function:x', undefined, 'arn:aws:lambda:eu-west-1:111111111111:function:x'],
    [
      'arn:aws:lambda:us-east-1:111111111111:function:x',
      undefined,
      'arn:aws:lambda:us-east-1:111111111111:function:x',
    ],
  ])('completes %s (qualifier %s) to %s', (name, qualifier, arn) => {
    expect(requestedFunctionArn(name, qualifier, WHERE)).toBe(arn);
  });
});

describe('Function: functionErrorPayload', () => {
  it('answers errorType, errorMessage and the trace, empty when there is no stack', () => {
    expect(
      functionErrorPayload({
        errorType: 'Sandbox.Timedout',
        errorMessage: 'Task timed out after 3.00 seconds',
      }),
    ).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: 'Task timed out after 3.00 seconds',
      trace: [],
    });
  });
});

describe('Function: parsePayload', () => {
  it('hands an empty payload to the function as {}', () => {
    expect(parsePayload(Buffer.alloc(0))).toEqual({});
  });

  it('keeps any JSON value', () => {
    expect(parsePayload(Buffer.from('"text"'))).toBe('text');
    expect(parsePayload(Buffer.from('[1,2]'))).toEqual([1, 2]);
  });

  it('refuses what is not JSON with InvalidRequestContentException', () => {
    expect(() => parsePayload(Buffer.from('{nope'))).toThrow(/^Could not parse request body into json: /);
  });
});
