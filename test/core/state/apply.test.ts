import { describe, expect, it } from 'vitest';
import { VigilError } from '#lib/core/errors.ts';
import { type ApplyContext, apply } from '#lib/core/state/apply.ts';
import {
  InvalidTransitionError,
  OverrideNotAllowedError,
  UnknownStateEventError,
} from '#lib/core/state/errors.ts';
import { EVENT_NAMES, type StateEvent } from '#lib/core/state/events.ts';
import { INITIAL_STATE, type Layer, type ModuleState } from '#lib/core/state/model.ts';
import { ValidationError } from '#lib/core/validation.ts';

const ADMIN: ApplyContext = { origin: 'admin', by: 'ops@example.com' };

/** The error `act` throws (the test fails if it returns). */
function thrown(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function at(overrides: Partial<ModuleState>): ModuleState {
  return { ...INITIAL_STATE, ...overrides };
}

/** The model's table, row by row, written out here rather than read from lib (`any →` expanded). */
const TABLE: ReadonlyArray<readonly [Layer, string, string, string, unknown?]> = [
  ['lifecycle', 'START', 'Offline', 'Initializing'],
  ['lifecycle', 'INIT_SUCCESS', 'Initializing', 'Active'],
  ['lifecycle', 'INIT_FAILURE', 'Initializing', 'Recovering'],
  ['lifecycle', 'SHUTDOWN', 'Active', 'ShuttingDown'],
  ['lifecycle', 'FINISHED', 'ShuttingDown', 'Offline'],
  ['lifecycle', 'FAULT_DETECTED', 'Active', 'Recovering'],
  ['lifecycle', 'RECOVERY_SUCCESS', 'Recovering', 'Active'],
  ['lifecycle', 'RECOVERY_FAILED', 'Recovering', 'ShuttingDown'],
  ['operational', 'SET_READY', 'Idle', 'Ready'],
  ['operational', 'TASK_START', 'Ready', 'Running'],
  ['operational', 'SET_BACKGROUND', 'Running', 'BackgroundRunning'],
  ['operational', 'SET_FOREGROUND', 'BackgroundRunning', 'Running'],
  ['operational', 'TASK_PAUSE', 'Running', 'Paused'],
  ['operational', 'TASK_RESUME', 'Paused', 'Ready'],
  ['operational', 'TASK_COMPLETE', 'Running', 'Ready'],
  ['operational', 'TASK_STOP', 'Running', 'Stopped'],
  ['operational', 'TASK_RESET', 'Stopped', 'Idle'],
  ['health', 'WARN', 'Healthy', 'Warning'],
  ['health', 'CLEAR_WARNING', 'Warning', 'Healthy'],
  ['health', 'FAULT', 'Healthy', 'Critical'],
  ['health', 'FAULT', 'Warning', 'Critical'],
  ['health', 'RECOVER', 'Critical', 'Healthy'],
  ['health', 'RECOVER', 'Critical', 'Healthy', { to: 'Healthy' }],
  ['health', 'RECOVER', 'Critical', 'Warning', { to: 'Warning' }],
  ['health', 'RESET', 'Warning', 'Healthy'],
  ['health', 'RESET', 'Critical', 'Healthy'],
];

const STATES: Readonly<Record<Layer, readonly string[]>> = {
  lifecycle: ['Offline', 'Initializing', 'Active', 'Recovering', 'ShuttingDown'],
  operational: ['Idle', 'Ready', 'Running', 'BackgroundRunning', 'Paused', 'Stopped'],
  health: ['Healthy', 'Warning', 'Critical'],
};

describe('Function: apply', () => {
  const rows = TABLE.map(([layer, type, from, to, data]) => ({ layer, type, from, to, data }));

  it.each(rows)(
    'moves $layer on $type from $from to $to (payload $data)',
    ({ layer, type, from, to, data }) => {
      // Prepare
      const state = at({ [layer]: from });

      // Act
      const result = apply(state, { type, data });

      // Assess
      expect(result.next).toEqual({ ...state, [layer]: to });
      expect(result.changes).toEqual([{ layer, from, to, event: type }]);
    },
  );

  it('starts Offline, Idle and Healthy', () => {
    expect(INITIAL_STATE).toEqual({ lifecycle: 'Offline', operational: 'Idle', health: 'Healthy' });
  });

  it.each([
    [{}, 'SHUTDOWN', 'Cannot transition from Offline to ShuttingDown with event SHUTDOWN'],
    [{ lifecycle: 'Active' }, 'START', 'Cannot transition from Active to Initializing with event START'],
    [{ operational: 'Idle' }, 'TASK_START', 'Cannot transition from Idle to Running with event TASK_START'],
    [{ health: 'Critical' }, 'FAULT', 'Cannot transition from Critical to Critical with event FAULT'],
    [{ health: 'Healthy' }, 'RESET', 'Cannot transition from Healthy to Healthy with event RESET'],
    [{ health: 'Warning' }, 'WARN', 'Cannot transition from Warning to Warning with event WARN'],
    [{ health: 'Healthy' }, 'RECOVER', 'No transition for RECOVER from Healthy'],
    [{ health: 'Warning' }, 'RECOVER', 'No transition for RECOVER from Warning'],
    [{ operational: 'Idle' }, 'INTERRUPT', 'No transition for INTERRUPT from Idle'],
    [{ operational: 'Paused' }, 'INTERRUPT', 'No transition for INTERRUPT from Paused'],
    [
      { health: 'Critical' },
      'EMERGENCY_STOP',
      'No transition for EMERGENCY_STOP from lifecycle Offline, operational Idle, health Critical',
    ],
  ] as const)('refuses %o with %s: "%s"', (overrides, type, message) => {
    // Prepare
    const state = at(overrides);
    const before = { ...state };

    // Act
    const error = thrown(() => apply(state, { type }));

    // Assess
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect(error).toBeInstanceOf(VigilError);
    expect(error).toMatchObject({ code: 'INVALID_TRANSITION', message, event: type });
    expect(state).toEqual(before);
  });

  it('carries the layer, the state and the target on an invalid transition', () => {
    // Act
    const error = thrown(() => apply(INITIAL_STATE, { type: 'SHUTDOWN' }));
    const unnamed = thrown(() => apply(INITIAL_STATE, { type: 'RECOVER' }));
    const several = thrown(() => apply(at({ health: 'Critical' }), { type: 'EMERGENCY_STOP' }));

    // Assess
    expect(error).toMatchObject({
      name: 'InvalidTransitionError',
      layer: 'lifecycle',
      from: 'Offline',
      event: 'SHUTDOWN',
      target: 'ShuttingDown',
      field: undefined,
    });
    expect(unnamed).toMatchObject({ layer: 'health', from: 'Healthy', event: 'RECOVER', target: undefined });
    expect(several).toMatchObject({
      layer: undefined,
      from: 'lifecycle Offline, operational Idle, health Critical',
      target: undefined,
    });
  });

  // Exhaustive: every state of the event's layer (with the other layers at rest), against TABLE.
  describe('on every (layer state, single-layer event) pair', () => {
    const pairs = TABLE.filter(([, , , , data]) => data === undefined)
      .map(([layer, type]) => [layer, type] as const)
      .filter(([, type], i, all) => all.findIndex(([, t]) => t === type) === i)
      .flatMap(([layer, type]) => STATES[layer].map((from) => [layer, type, from] as const));

    it('covers every single-layer event of the catalog', () => {
      expect(new Set(pairs.map(([, type]) => type))).toEqual(
        new Set(
          EVENT_NAMES.filter((name) => !['EMERGENCY_STOP', 'INTERRUPT', 'PRIORITY_OVERRIDE'].includes(name)),
        ),
      );
    });

    it.each(pairs)('agrees with the table on %s %s from %s', (layer, type, from) => {
      // Prepare
      const state = at({ [layer]: from });
      const row = TABLE.find(([, t, f, , data]) => t === type && f === from && data === undefined);
      const targets = new Set(TABLE.filter(([, t]) => t === type).map(([, , , to]) => to));
      const [only] = targets;

      // Act
      const act = () => apply(state, { type });

      // Assess
      if (row) {
        expect(act()).toEqual({
          next: { ...state, [layer]: row[3] },
          changes: [{ layer, from, to: row[3], event: type }],
        });
        return;
      }
      expect(act).toThrow(
        targets.size === 1
          ? `Cannot transition from ${from} to ${only} with event ${type}`
          : `No transition for ${type} from ${from}`,
      );
    });
  });

  describe('with RECOVER payloads', () => {
    it.each([
      [
        'a target that RECOVER does not have',
        { to: 'Critical' },
        'data.to',
        /must be one of Healthy, Warning/,
      ],
      ['a target of another layer', { to: 'Offline' }, 'data.to', /must be one of Healthy, Warning/],
      ['a misspelt key', { To: 'Warning' }, 'data.To', /is not a known field/],
      ['a payload that is not an object', 'Warning', 'data', /must be a JSON object/],
      ['null', null, 'data', /must be a JSON object/],
    ])('refuses %s with a ValidationError naming the field', (_name, data, field, message) => {
      // Act
      const error = thrown(() => apply(at({ health: 'Critical' }), { type: 'RECOVER', data }));

      // Assess
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field });
      expect((error as Error).message).toMatch(message);
    });

    it('checks the payload before the state', () => {
      // Act
      const error = thrown(() => apply(INITIAL_STATE, { type: 'RECOVER', data: { to: 'Critical' } }));

      // Assess
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'data.to' });
    });

    it('refuses a valid payload from a state RECOVER has no transition from', () => {
      expect(() => apply(at({ health: 'Warning' }), { type: 'RECOVER', data: { to: 'Warning' } })).toThrow(
        'No transition for RECOVER from Warning',
      );
    });
  });

  describe('with EMERGENCY_STOP', () => {
    it('moves every layer that can stop, in one step, in layer order', () => {
      // Prepare
      const state = at({ lifecycle: 'Active', operational: 'BackgroundRunning', health: 'Warning' });

      // Act
      const result = apply(state, { type: 'EMERGENCY_STOP' });

      // Assess
      expect(result).toEqual({
        next: { lifecycle: 'ShuttingDown', operational: 'Stopped', health: 'Critical' },
        changes: [
          { layer: 'lifecycle', from: 'Active', to: 'ShuttingDown', event: 'EMERGENCY_STOP' },
          { layer: 'operational', from: 'BackgroundRunning', to: 'Stopped', event: 'EMERGENCY_STOP' },
          { layer: 'health', from: 'Warning', to: 'Critical', event: 'EMERGENCY_STOP' },
        ],
      });
    });

    it('leaves the layers at rest or already stopped, and moves the others', () => {
      // Act
      const fromRest = apply(INITIAL_STATE, { type: 'EMERGENCY_STOP' });
      const halfStopped = apply(at({ lifecycle: 'ShuttingDown', operational: 'Ready', health: 'Critical' }), {
        type: 'EMERGENCY_STOP',
      });

      // Assess
      expect(fromRest.changes).toEqual([
        { layer: 'health', from: 'Healthy', to: 'Critical', event: 'EMERGENCY_STOP' },
      ]);
      expect(fromRest.next).toEqual({ lifecycle: 'Offline', operational: 'Idle', health: 'Critical' });
      expect(halfStopped.changes).toEqual([
        { layer: 'operational', from: 'Ready', to: 'Stopped', event: 'EMERGENCY_STOP' },
      ]);
    });

    it.each([
      ['Initializing', 'ShuttingDown'],
      ['Active', 'ShuttingDown'],
      ['Recovering', 'ShuttingDown'],
      ['ShuttingDown', 'ShuttingDown'],
      ['Offline', 'Offline'],
    ])('takes lifecycle %s to %s', (from, to) => {
      expect(
        apply(at({ lifecycle: from as ModuleState['lifecycle'] }), { type: 'EMERGENCY_STOP' }).next.lifecycle,
      ).toBe(to);
    });

    it.each([
      ['Idle', 'Idle'],
      ['Ready', 'Stopped'],
      ['Running', 'Stopped'],
      ['BackgroundRunning', 'Stopped'],
      ['Paused', 'Stopped'],
      ['Stopped', 'Stopped'],
    ])('takes operational %s to %s', (from, to) => {
      expect(
        apply(at({ operational: from as ModuleState['operational'] }), { type: 'EMERGENCY_STOP' }).next
          .operational,
      ).toBe(to);
    });

    it('refuses when every layer is already stopped or at rest', () => {
      expect(() =>
        apply(at({ lifecycle: 'ShuttingDown', operational: 'Stopped', health: 'Critical' }), {
          type: 'EMERGENCY_STOP',
        }),
      ).toThrow(
        'No transition for EMERGENCY_STOP from lifecycle ShuttingDown, operational Stopped, health Critical',
      );
    });
  });

  describe('with INTERRUPT', () => {
    it.each(['Running', 'BackgroundRunning'] as const)('pauses %s and leaves the other layers', (from) => {
      // Prepare
      const state = at({ lifecycle: 'Active', operational: from, health: 'Warning' });

      // Act
      const result = apply(state, { type: 'INTERRUPT' });

      // Assess
      expect(result).toEqual({
        next: { ...state, operational: 'Paused' },
        changes: [{ layer: 'operational', from, to: 'Paused', event: 'INTERRUPT' }],
      });
    });
  });

  describe('with PRIORITY_OVERRIDE', () => {
    it('sets the layers given, records who did it, and leaves the others', () => {
      // Prepare
      const state = at({ lifecycle: 'Active', operational: 'Running', health: 'Critical' });

      // Act
      const result = apply(
        state,
        { type: 'PRIORITY_OVERRIDE', data: { lifecycle: 'Offline', health: 'Healthy' } },
        ADMIN,
      );

      // Assess
      expect(result).toEqual({
        next: { lifecycle: 'Offline', operational: 'Running', health: 'Healthy' },
        changes: [
          {
            layer: 'lifecycle',
            from: 'Active',
            to: 'Offline',
            event: 'PRIORITY_OVERRIDE',
            by: 'ops@example.com',
          },
          {
            layer: 'health',
            from: 'Critical',
            to: 'Healthy',
            event: 'PRIORITY_OVERRIDE',
            by: 'ops@example.com',
          },
        ],
      });
    });

    it('reports only the layers that move when some are already there', () => {
      // Act
      const result = apply(
        INITIAL_STATE,
        { type: 'PRIORITY_OVERRIDE', data: { lifecycle: 'Offline', operational: 'Paused' } },
        ADMIN,
      );

      // Assess
      expect(result.changes).toEqual([
        {
          layer: 'operational',
          from: 'Idle',
          to: 'Paused',
          event: 'PRIORITY_OVERRIDE',
          by: 'ops@example.com',
        },
      ]);
    });

    it.each([
      [{ lifecycle: 'Offline' }, 'No transition for PRIORITY_OVERRIDE from Offline'],
      [
        { lifecycle: 'Offline', health: 'Healthy' },
        'No transition for PRIORITY_OVERRIDE from lifecycle Offline, health Healthy',
      ],
    ])('refuses an override that changes nothing: %o', (data, message) => {
      expect(() => apply(INITIAL_STATE, { type: 'PRIORITY_OVERRIDE', data }, ADMIN)).toThrow(message);
    });

    it.each([
      ['no context (a producer by default)', undefined, /admin only/, undefined],
      ['a producer', { origin: 'producer', by: 'plant7.press' }, /admin only/, undefined],
      ['an admin who does not say who', { origin: 'admin', by: '' }, /needs the admin who does it/, 'by'],
    ] as const)('refuses it from %s with OverrideNotAllowedError', (_name, context, message, field) => {
      // Act
      const error = thrown(() =>
        apply(INITIAL_STATE, { type: 'PRIORITY_OVERRIDE', data: { health: 'Critical' } }, context),
      );

      // Assess
      expect(error).toBeInstanceOf(OverrideNotAllowedError);
      expect(error).toMatchObject({ code: 'OVERRIDE_NOT_ALLOWED', field });
      expect((error as Error).message).toMatch(message);
    });

    it.each([
      ['no payload', undefined, 'data', /is required/],
      ['an empty payload', {}, 'data', /must set at least one of lifecycle, operational, health/],
      ['only undefined layers', { health: undefined }, 'data', /must set at least one/],
      ['a state of another layer', { lifecycle: 'Running' }, 'data.lifecycle', /must be one of Offline, /],
      ['an unknown layer', { mood: 'Happy' }, 'data.mood', /is not a known field/],
      ['a payload that is not an object', 'Offline', 'data', /must be a JSON object/],
    ])('refuses %s with a ValidationError naming the field', (_name, data, field, message) => {
      // Act
      const error = thrown(() => apply(INITIAL_STATE, { type: 'PRIORITY_OVERRIDE', data }, ADMIN));

      // Assess
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field });
      expect((error as Error).message).toMatch(message);
    });
  });

  it('lets an admin send ordinary events too, recording no actor on them', () => {
    expect(apply(INITIAL_STATE, { type: 'START' }, ADMIN).changes).toEqual([
      { layer: 'lifecycle', from: 'Offline', to: 'Initializing', event: 'START' },
    ]);
  });

  it('ignores the payload of an event that takes none', () => {
    expect(apply(INITIAL_STATE, { type: 'START', data: { to: 'Active' } }).next.lifecycle).toBe(
      'Initializing',
    );
  });

  it.each(['BOGUS', 'start', '', 'toString', '__proto__', 42])(
    'refuses the unknown event %o, listing the allowed ones',
    (type) => {
      // Act
      const error = thrown(() => apply(INITIAL_STATE, { type } as StateEvent));

      // Assess
      expect(error).toBeInstanceOf(UnknownStateEventError);
      expect(error).toMatchObject({
        code: 'UNKNOWN_STATE_EVENT',
        field: 'type',
        received: type,
        allowed: EVENT_NAMES,
        message: `Unknown state event ${JSON.stringify(type)}; allowed events: ${EVENT_NAMES.join(', ')}`,
      });
    },
  );
});
