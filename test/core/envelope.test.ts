import { describe, expect, it } from 'vitest';
import { MAX_ENVELOPE_BYTES } from '#lib/core/envelope.ts';
import { eventInputSchema, toEnvelope } from '#lib/core/event-input.ts';
import { parseWith, ValidationError } from '#lib/core/validation.ts';

const base = { source: 'sensor.a', type: 'temperature.high' };

function rejection(input: unknown): { field: string | undefined; message: string } {
  try {
    parseWith(eventInputSchema, input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    const e = error as ValidationError;
    expect(e.code).toBe('VALIDATION_FAILED');
    return { field: e.field, message: e.message };
  }
  throw new Error('expected a rejection');
}

describe('Schema: eventInputSchema', () => {
  it.each([
    ['a missing source', { type: 't' }, 'source', 'source: is required'],
    [
      'an empty source',
      { ...base, source: '' },
      'source',
      'source: must be 1-128 characters of A-Z a-z 0-9 . _ : / -',
    ],
    [
      'a source with a space',
      { ...base, source: 'a b' },
      'source',
      'source: must be 1-128 characters of A-Z a-z 0-9 . _ : / -',
    ],
    [
      'a source of 129 characters',
      { ...base, source: 'a'.repeat(129) },
      'source',
      'source: must be 1-128 characters of A-Z a-z 0-9 . _ : / -',
    ],
    ['a missing type', { source: 's' }, 'type', 'type: is required'],
    [
      'a type with #',
      { ...base, type: 'a#b' },
      'type',
      'type: must be 1-128 characters of A-Z a-z 0-9 . _ : / -',
    ],
    [
      'a reserved alert.* type',
      { ...base, type: 'alert.opened' },
      'type',
      'type: must not start with alert. module. burst. replay. vigil. (reserved for events Vigil emits)',
    ],
    [
      'a reserved burst.* type',
      { ...base, type: 'burst.suppressed' },
      'type',
      'type: must not start with alert. module. burst. replay. vigil. (reserved for events Vigil emits)',
    ],
    [
      'an unknown severity',
      { ...base, severity: 'LOW' },
      'severity',
      'severity: must be one of INFO, WARNING, CRITICAL, got "LOW"',
    ],
    [
      'a lower-case severity',
      { ...base, severity: 'warning' },
      'severity',
      'severity: must be one of INFO, WARNING, CRITICAL, got "warning"',
    ],
    [
      'a message over 2048 characters',
      { ...base, message: 'x'.repeat(2049) },
      'message',
      'message: must be at most 2048 characters long',
    ],
    ['a numeric message', { ...base, message: 5 }, 'message', 'message: must be a string, got a number'],
    [
      'a time without a zone',
      { ...base, time: '2026-01-01T00:00:00' },
      'time',
      'time: must be an ISO-8601 date-time with a time zone, e.g. 2026-01-31T12:00:00Z',
    ],
    [
      'a date-only time',
      { ...base, time: '2026-01-01' },
      'time',
      'time: must be an ISO-8601 date-time with a time zone, e.g. 2026-01-31T12:00:00Z',
    ],
    [
      'a receivedAt from the producer',
      { ...base, receivedAt: '2026-01-01T00:00:00Z' },
      'receivedAt',
      'receivedAt: is set by ingest, never by the producer',
    ],
    [
      'a replay marker from the producer',
      { ...base, replay: { replayId: 'x' } },
      'replay',
      'replay: is set by replay, never by the producer',
    ],
    ['an unknown field', { ...base, sevrity: 'INFO' }, 'sevrity', 'sevrity: is not a known field'],
    [
      'an id that is not a ULID',
      { ...base, id: 'abc' },
      'id',
      'id: must be a ULID (26 characters of Crockford base32)',
    ],
    [
      'an id with an I',
      { ...base, id: '01ARZ3NDEKTSV4RRFFQ69G5FAI' },
      'id',
      'id: must be a ULID (26 characters of Crockford base32)',
    ],
    ['data that is an array', { ...base, data: [1, 2] }, 'data', 'data: must be a JSON object'],
    ['data that is a string', { ...base, data: 'x' }, 'data', 'data: must be a JSON object'],
    [
      'a state event without module',
      { ...base, type: 'state.START' },
      'module',
      'module: is required for state.* events',
    ],
    [
      'an unknown state event',
      { ...base, type: 'state.TELEPORT', module: 'arm-1' },
      'type',
      'type: must be state.<EVENT> with EVENT one of START, INIT_SUCCESS, INIT_FAILURE, SHUTDOWN, FINISHED, FAULT_DETECTED, RECOVERY_SUCCESS, RECOVERY_FAILED, SET_READY, TASK_START, SET_BACKGROUND, SET_FOREGROUND, TASK_PAUSE, TASK_RESUME, TASK_COMPLETE, TASK_STOP, TASK_RESET, WARN, CLEAR_WARNING, FAULT, RECOVER, RESET, EMERGENCY_STOP, INTERRUPT, got "TELEPORT"',
    ],
    [
      'a producer priority override',
      { ...base, type: 'state.PRIORITY_OVERRIDE', module: 'arm-1' },
      'type',
      'type: state.PRIORITY_OVERRIDE is admin only: POST /modules/{name}/events',
    ],
    [
      'an empty dedupKey',
      { ...base, dedupKey: '' },
      'dedupKey',
      'dedupKey: must be at least 1 character(s) long',
    ],
    [
      'an alertKey over 255 characters',
      { ...base, alertKey: 'k'.repeat(256) },
      'alertKey',
      'alertKey: must be at most 255 character(s) long',
    ],
    [
      'an unknown alertAction',
      { ...base, alertAction: 'close' },
      'alertAction',
      'alertAction: must be one of trigger, resolve, got "close"',
    ],
    [
      'an unknown priority',
      { ...base, priority: 'urgent' },
      'priority',
      'priority: must be one of high, normal, low, got "urgent"',
    ],
  ])('rejects %s', (_name, input, field, message) => {
    // Act
    const error = rejection(input);

    // Assess
    expect(error).toEqual({ field, message });
  });

  it.each([
    ['a signal without state', { valence: 1 }, 'signal.state', 'signal.state: is required'],
    [
      'an empty state',
      { valence: 1, state: [] },
      'signal.state',
      'signal.state: must be a non-empty array of finite numbers',
    ],
    [
      'a state that is a number',
      { valence: 1, state: 3 },
      'signal.state',
      'signal.state: must be a non-empty array of finite numbers',
    ],
    [
      'a string inside state',
      { valence: 1, state: [1, 2, 'x'] },
      'signal.state[2]',
      'signal.state[2]: must be a finite number',
    ],
    [
      'a nested array inside state',
      { valence: 1, state: [1, [2, 3]] },
      'signal.state[1]',
      'signal.state[1]: must be a finite number, not a nested array (state is one-dimensional)',
    ],
    [
      'null inside state',
      { valence: 1, state: [null] },
      'signal.state[0]',
      'signal.state[0]: must be a finite number',
    ],
    [
      'an infinite number inside state',
      { valence: 1, state: [1, Number.POSITIVE_INFINITY] },
      'signal.state[1]',
      'signal.state[1]: must be a finite number',
    ],
    [
      'NaN inside state',
      { valence: 1, state: [Number.NaN] },
      'signal.state[0]',
      'signal.state[0]: must be a finite number',
    ],
    ['a missing valence', { state: [1] }, 'signal.valence', 'signal.valence: is required'],
    [
      'an infinite valence',
      { valence: Number.NEGATIVE_INFINITY, state: [1] },
      'signal.valence',
      'signal.valence: must be a finite number',
    ],
    [
      'a string valence',
      { valence: '1', state: [1] },
      'signal.valence',
      'signal.valence: must be a finite number',
    ],
    [
      'a non-finite score',
      { valence: 1, state: [1], score: Number.NaN },
      'signal.score',
      'signal.score: must be a finite number',
    ],
    [
      'an unknown signal field',
      { valence: 1, state: [1], extra: 1 },
      'signal.extra',
      'signal.extra: is not a known field',
    ],
    ['a signal that is an array', [1, 2], 'signal', 'signal: must be a JSON object, got an array'],
  ])('rejects %s', (_name, signal, field, message) => {
    // Act
    const error = rejection({ ...base, signal });

    // Assess
    expect(error).toEqual({ field, message });
  });

  it('reads an overflowing JSON number (1e400 parses to Infinity) as not finite', () => {
    // Prepare
    const input = JSON.parse('{"source":"s","type":"t","signal":{"valence":1,"state":[1e400]}}');

    // Act + Assess
    expect(rejection(input).message).toBe('signal.state[0]: must be a finite number');
  });

  it.each([
    ['null', null, 'must be a JSON object, got null'],
    ['an array', [], 'must be a JSON object, got an array'],
    ['a number', 5, 'must be a JSON object, got a number'],
  ])('rejects an event that is %s', (_name, input, message) => {
    expect(rejection(input)).toEqual({ field: undefined, message });
  });

  it('accepts a full event and fills the defaults', () => {
    // Prepare
    const input = {
      ...base,
      id: '01arz3ndektsv4rrffq69g5fav',
      severity: 'CRITICAL',
      time: '2026-01-01T02:00:00+02:00',
      signal: { valence: -0.5, state: [0, 1.5, -3], score: 0.9 },
      data: { nested: { ok: true } },
      dedupKey: 'k1',
      alertKey: 'a1',
      alertAction: 'resolve',
      priority: 'low',
    };

    // Act
    const parsed = parseWith(eventInputSchema, input);

    // Assess
    expect(parsed).toEqual({ ...input, id: '01ARZ3NDEKTSV4RRFFQ69G5FAV', time: '2026-01-01T00:00:00.000Z' });
    expect(parseWith(eventInputSchema, base).severity).toBe('INFO');
  });

  it('accepts a state event with its module', () => {
    expect(parseWith(eventInputSchema, { ...base, type: 'state.START', module: 'arm-1' }).module).toBe(
      'arm-1',
    );
  });
});

describe('Function: toEnvelope', () => {
  const ids = { id: '01ARZ3NDEKTSV4RRFFQ69G5FAV', receivedAt: '2026-11-23T10:00:00.000Z' };

  it('sets id, receivedAt and defaults time to receivedAt', () => {
    // Act
    const envelope = toEnvelope(parseWith(eventInputSchema, base), ids);

    // Assess
    expect(envelope).toEqual({
      ...base,
      severity: 'INFO',
      id: ids.id,
      time: ids.receivedAt,
      receivedAt: ids.receivedAt,
    });
  });

  it('keeps a producer-given id and time', () => {
    // Act
    const envelope = toEnvelope(
      parseWith(eventInputSchema, {
        ...base,
        id: '01BX5ZZKBKACTAV9WEVGEMMVRZ',
        time: '2026-11-23T09:00:00Z',
      }),
      ids,
    );

    // Assess
    expect(envelope.id).toBe('01BX5ZZKBKACTAV9WEVGEMMVRZ');
    expect(envelope.time).toBe('2026-11-23T09:00:00.000Z');
  });

  it('refuses an envelope over 64 KiB', () => {
    // Prepare
    const input = parseWith(eventInputSchema, { ...base, data: { blob: 'x'.repeat(MAX_ENVELOPE_BYTES) } });

    // Act + Assess
    expect(() => toEnvelope(input, ids)).toThrow(/event must be at most 65536 bytes as JSON/);
  });
});
