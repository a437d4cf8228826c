import { describe, expect, it } from 'vitest';
import { MAX_ERROR_FIELD_CHARS, MAX_ERROR_MESSAGE_CHARS, type VigilError } from '#lib/core/errors.ts';
import { validateEvent } from '#lib/core/ingest/validate-event.ts';
import { DEPTH_RULE, NUMBER_RULE } from '#lib/core/json-guard.ts';

const PRODUCER = { producer: 'p', sources: ['*'] };
const IDS = { id: '01JDZ0000000000000000000AB', receivedAt: '2026-11-27T10:00:00.000Z' };

function refusal(raw: unknown): VigilError {
  try {
    validateEvent(raw, PRODUCER, IDS);
  } catch (error) {
    return error as VigilError;
  }
  throw new Error('expected a refusal');
}

describe('Function: validateEvent', () => {
  it('refuses a data number that would lose digits, naming the field', () => {
    // Act
    const error = refusal(
      JSON.parse('{"type":"state.START","module":"m","source":"s","data":{"n":10000000000000001}}'),
    );

    // Assess
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'data.n',
      message: `data.n: ${NUMBER_RULE}`,
    });
  });

  it('refuses 1e309 instead of keeping it as null', () => {
    expect(refusal(JSON.parse('{"source":"s","type":"t","data":{"x":[1e309]}}')).field).toBe('data.x[0]');
  });

  it('refuses a signal number outside the exact range with the same rule', () => {
    expect(refusal({ source: 's', type: 't', signal: { valence: 2 ** 60, state: [1] } }).message).toBe(
      `signal.valence: ${NUMBER_RULE}`,
    );
  });

  it('refuses data nested 100,000 levels deep with a 400-class error naming a bounded field', () => {
    // Act
    const error = refusal(
      JSON.parse(`{"source":"s","type":"t","data":{"a":${'['.repeat(1e5)}${']'.repeat(1e5)}}}`),
    );

    // Assess
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain(DEPTH_RULE);
    expect(error.field?.startsWith('data.a[0][0]')).toBe(true);
    expect(error.message.length).toBeLessThan(300);
  });

  it('quotes at most ~100 characters of a 500 KB severity', () => {
    // Act
    const error = refusal({ source: 's', type: 't', severity: 'X'.repeat(500_000) });

    // Assess
    expect(error.field).toBe('severity');
    expect(error.message).toMatch(/^severity: must be one of INFO, WARNING, CRITICAL, got "XXX/);
    expect(error.message.length).toBeLessThan(250);
  });

  it('bounds the field of an unknown 500 KB key', () => {
    // Act
    const error = refusal({ source: 's', type: 't', ['k'.repeat(500_000)]: 1 });

    // Assess
    expect(error.field?.length).toBeLessThanOrEqual(MAX_ERROR_FIELD_CHARS);
    expect(error.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_CHARS);
  });

  it('keeps constructor keys, bidi text and safe numbers exactly', () => {
    // Prepare
    const data = { constructor: { prototype: 1 }, text: '\u202eevil\u202c', n: -9007199254740991, f: 0.1 };

    // Act
    const validated = validateEvent({ source: 's', type: 't', data }, PRODUCER, IDS);
    if (validated.kind !== 'event') throw new Error('expected an event');
    const { envelope, timeGiven } = validated;

    // Assess
    expect(envelope.data).toEqual(data);
    expect(JSON.parse(JSON.stringify(envelope)).data).toEqual(data);
    expect(timeGiven).toBe(false);
  });
});
