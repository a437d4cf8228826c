import { describe, expect, it } from 'vitest';
import {
  applyMiddleware,
  compileMiddleware,
  ingestMiddlewareSchema,
  type MiddlewareStep,
} from '#lib/core/ingest/middleware.ts';
import { validateEvent } from '#lib/core/ingest/validate-event.ts';
import { parseWith } from '#lib/core/validation.ts';

const PRODUCER = { producer: 'p', sources: ['*'] };
const IDS = { id: '01JDZ0000000000000000000AB', receivedAt: '2026-11-27T10:00:00.000Z' };

function run(steps: unknown, event: Record<string, unknown>) {
  const compiled = compileMiddleware(parseWith(ingestMiddlewareSchema, steps) as MiddlewareStep[]);
  return applyMiddleware(event, compiled);
}

const reading = {
  source: 'plant7.press',
  type: 'temperature',
  severity: 'INFO',
  data: { temp_c: 91, line: 'A' },
};

describe('Function: applyMiddleware', () => {
  it('drops an event a drop step matches, naming the step', () => {
    expect(
      run(
        [
          { step: 'drop', match: { type: ['heartbeat'] } },
          { step: 'drop', match: { source: [{ prefix: 'plant7.' }] } },
        ],
        reading,
      ),
    ).toEqual({
      kind: 'drop',
      step: 1,
    });
  });

  it('keeps an event no step matches, unchanged and not copied', () => {
    // Act
    const outcome = run([{ step: 'drop', match: { type: ['heartbeat'] } }], reading);

    // Assess
    expect(outcome).toEqual({ kind: 'keep', event: reading, changed: false });
    if (outcome.kind === 'keep') expect(outcome.event).toBe(reading);
  });

  it('enriches matching events with fixed data and tags, keeping the producer’s own fields unless told to overwrite', () => {
    // Act
    const kept = run(
      [{ step: 'enrich', data: { line: 'Z', site: 'plant7' }, tags: ['prod', 'press'] }],
      reading,
    );
    const overwritten = run([{ step: 'enrich', data: { line: 'Z' }, overwrite: true }], reading);

    // Assess
    expect(kept).toMatchObject({
      event: { data: { temp_c: 91, line: 'A', site: 'plant7', tags: ['prod', 'press'] } },
    });
    expect(overwritten).toMatchObject({ event: { data: { line: 'Z' } } });
    expect(reading.data.line).toBe('A');
  });

  it('adds tags once, after the ones the event had', () => {
    expect(
      run([{ step: 'enrich', tags: ['b', 'c'] }], { ...reading, data: { tags: ['a', 'b'] } }),
    ).toMatchObject({
      event: { data: { tags: ['a', 'b', 'c'] } },
    });
  });

  it('moves fields, creating the objects on the way and removing the old place', () => {
    // Act
    const outcome = run(
      [
        {
          step: 'map',
          move: [
            { from: 'data.temp_c', to: 'data.temperature.celsius' },
            { from: 'data.line', to: 'message' },
          ],
        },
      ],
      reading,
    );

    // Assess
    expect(outcome).toEqual({
      kind: 'keep',
      changed: true,
      event: { ...reading, message: 'A', data: { temperature: { celsius: 91 } } },
    });
  });

  it('sets the severity of matching events, by a numeric pattern on data', () => {
    expect(
      run(
        [{ step: 'severity', match: { data: { temp_c: [{ numeric: ['>', 90] }] } }, set: 'CRITICAL' }],
        reading,
      ),
    ).toMatchObject({
      event: { severity: 'CRITICAL' },
    });
  });

  it('runs the steps in order, each seeing what the steps before it made', () => {
    // Prepare
    const steps = [
      { step: 'severity', match: { data: { temp_c: [{ numeric: ['>', 90] }] } }, set: 'WARNING' },
      { step: 'drop', match: { severity: ['INFO'] } },
      { step: 'enrich', match: { severity: ['WARNING'] }, tags: ['hot'] },
    ];

    // Act
    const hot = run(steps, reading);
    const cool = run(steps, { ...reading, data: { temp_c: 20 } });

    // Assess
    expect(hot).toMatchObject({ kind: 'keep', event: { severity: 'WARNING', data: { tags: ['hot'] } } });
    expect(cool).toEqual({ kind: 'drop', step: 1 });
  });
});

describe('Schema: ingestMiddlewareSchema', () => {
  it.each([
    [[{ step: 'drop', match: { source: [{ prefix: 1 }] } }], '[0].match: is not a valid event pattern'],
    [[{ step: 'enrich' }], '[0]: needs data or tags'],
    [
      [{ step: 'map', move: [{ from: 'source', to: 'data.s' }] }],
      '[0].move[0].from: must be message, alertKey',
    ],
    [
      [{ step: 'map', move: [{ from: 'data.__proto__', to: 'data.s' }] }],
      '[0].move[0].from: must not name __proto__',
    ],
    [
      [{ step: 'severity', match: { type: ['x'] }, set: 'LOUD' }],
      '[0].set: must be one of INFO, WARNING, CRITICAL, got "LOUD"',
    ],
    [[{ step: 'explode' }], '[0].step: must be a step: {"step": "drop" | "enrich" | "map" | "severity", …}'],
    [[{ step: 'drop', match: { type: ['x'] }, typo: 1 }], '[0].typo: is not a known field'],
  ])('refuses %j naming the step and the rule', (steps, message) => {
    expect(() => parseWith(ingestMiddlewareSchema, steps)).toThrow(message);
  });
});

describe('Function: validateEvent with the ingest middleware', () => {
  it('answers filtered for a dropped event', () => {
    // Prepare
    const steps = compileMiddleware([{ step: 'drop', match: { type: ['heartbeat'] } }]);

    // Act + Assess
    expect(validateEvent({ source: 's', type: 'heartbeat' }, PRODUCER, IDS, steps)).toEqual({
      kind: 'filtered',
      step: 0,
    });
  });

  it('checks what the middleware made, and says so when it broke a rule', () => {
    // Prepare
    const steps = compileMiddleware([{ step: 'map', move: [{ from: 'data.count', to: 'message' }] }]);

    // Act + Assess
    expect(() => validateEvent({ source: 's', type: 't', data: { count: 3 } }, PRODUCER, IDS, steps)).toThrow(
      'message: must be a string, got a number (after the ingest middleware)',
    );
  });
});
