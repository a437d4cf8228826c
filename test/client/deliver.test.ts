import { describe, expect, it } from 'vitest';
import { chunk, MAX_BATCH_BYTES, prepareEvent } from '#lib/client/deliver.ts';
import { VigilValidationError } from '#lib/client/errors.ts';
import { checkSignal, isSignal } from '#lib/client/signal.ts';

describe('Function: prepareEvent', () => {
  it('gives each event a ULID of its own, keeps a given one, and writes a Date time as ISO', () => {
    // Act
    const [a, b] = [prepareEvent({ source: 's', type: 't' }), prepareEvent({ source: 's', type: 't' })];
    const kept = prepareEvent({
      id: '01JD3Q4Z5X6Y7W8V9T0S1R2Q3P',
      source: 's',
      type: 't',
      time: new Date(0),
    });

    // Assess
    expect(a.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(a.id < (b?.id ?? '')).toBe(true);
    expect(kept).toEqual({
      id: '01JD3Q4Z5X6Y7W8V9T0S1R2Q3P',
      source: 's',
      type: 't',
      time: '1970-01-01T00:00:00.000Z',
    });
  });

  it('refuses a bad signal with the server message before anything is sent', () => {
    // Act
    const thrown = (() => {
      try {
        prepareEvent({ source: 's', type: 't', signal: { valence: 1, state: [1, Number.NaN] } });
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(thrown).toBeInstanceOf(VigilValidationError);
    expect(thrown).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'signal.state[1]',
      message: 'signal.state[1]: must be a finite number',
    });
  });
});

describe('Function: chunk', () => {
  it('cuts at 100 events per request', () => {
    // Prepare
    const events = Array.from({ length: 250 }, () => prepareEvent({ source: 's', type: 't' }));

    // Act & Assess
    expect(chunk(events).map((c) => c.length)).toEqual([100, 100, 50]);
  });

  it('cuts before a request would pass the body limit', () => {
    // Prepare: 30 events of about 60 KiB each.
    const big = 'x'.repeat(60 * 1024);
    const events = Array.from({ length: 30 }, () => prepareEvent({ source: 's', type: 't', message: big }));

    // Act
    const chunks = chunk(events);

    // Assess
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks)
      expect(Buffer.byteLength(JSON.stringify({ events: c }))).toBeLessThan(MAX_BATCH_BYTES + 1024);
    expect(chunks.flat()).toHaveLength(30);
  });
});

describe('Function: checkSignal', () => {
  it.each([
    [{ valence: 0, state: [] }, 'signal.state: must be a non-empty array of finite numbers'],
    [
      { valence: 0, state: [[1]] },
      'signal.state[0]: must be a finite number, not a nested array (state is one-dimensional)',
    ],
    [{ state: [1] }, 'signal.valence: is required'],
    [{ valence: 0, state: [1], score: Number.POSITIVE_INFINITY }, 'signal.score: must be a finite number'],
    [{ valence: 0, state: [1], extra: 1 }, 'signal.extra: is not a known field'],
  ])('refuses %j: %s', (signal, message) => {
    // Act & Assess
    expect(() => checkSignal(signal)).toThrow(message);
  });

  it('tells a bare signal from an event', () => {
    // Act & Assess
    expect(isSignal({ valence: 0, state: [1] })).toBe(true);
    expect(isSignal({ source: 's', type: 't', valence: 0, state: [1] })).toBe(false);
  });
});
