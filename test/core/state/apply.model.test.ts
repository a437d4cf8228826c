import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ApplyContext, apply, type LayerChange } from '#lib/core/state/apply.ts';
import type { StateEvent } from '#lib/core/state/events.ts';
import { INITIAL_STATE, type ModuleState } from '#lib/core/state/model.ts';

/*
 * Model-based check: random event sequences run through `apply` and through the reference below,
 * written from the model's table with plain switches and nothing imported from lib/core/state's
 * tables. They must agree on every step: the next state, the changes, and which events are refused
 * (with which code, and for invalid transitions which message; for payload errors which field).
 */

type Lifecycle = ModuleState['lifecycle'];
type Operational = ModuleState['operational'];
type Health = ModuleState['health'];
type Layer = 'lifecycle' | 'operational' | 'health';

const LIFECYCLE: readonly Lifecycle[] = ['Offline', 'Initializing', 'Active', 'Recovering', 'ShuttingDown'];
const OPERATIONAL: readonly Operational[] = [
  'Idle',
  'Ready',
  'Running',
  'BackgroundRunning',
  'Paused',
  'Stopped',
];
const HEALTH: readonly Health[] = ['Healthy', 'Warning', 'Critical'];
const ORDER: readonly Layer[] = ['lifecycle', 'operational', 'health'];

type Outcome =
  | { readonly ok: true; readonly next: ModuleState; readonly changes: readonly LayerChange[] }
  | { readonly ok: false; readonly code: string; readonly message?: string; readonly field?: string };

const invalid = (message: string): Outcome => ({ ok: false, code: 'INVALID_TRANSITION', message });
const badPayload = (field: string): Outcome => ({ ok: false, code: 'VALIDATION_FAILED', field });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reference(state: ModuleState, event: StateEvent, context?: ApplyContext): Outcome {
  const { lifecycle, operational, health } = state;
  const type = event.type;

  // One layer, one named target: moves when `allowed`, else "Cannot transition…".
  const step = (layer: Layer, allowed: boolean, to: string): Outcome => {
    const from = state[layer];
    if (!allowed) return invalid(`Cannot transition from ${from} to ${to} with event ${type}`);
    return {
      ok: true,
      next: { ...state, [layer]: to } as ModuleState,
      changes: [{ layer, from, to, event: type } as LayerChange],
    };
  };

  switch (type) {
    case 'START':
      return step('lifecycle', lifecycle === 'Offline', 'Initializing');
    case 'INIT_SUCCESS':
      return step('lifecycle', lifecycle === 'Initializing', 'Active');
    case 'INIT_FAILURE':
      return step('lifecycle', lifecycle === 'Initializing', 'Recovering');
    case 'SHUTDOWN':
      return step('lifecycle', lifecycle === 'Active', 'ShuttingDown');
    case 'FINISHED':
      return step('lifecycle', lifecycle === 'ShuttingDown', 'Offline');
    case 'FAULT_DETECTED':
      return step('lifecycle', lifecycle === 'Active', 'Recovering');
    case 'RECOVERY_SUCCESS':
      return step('lifecycle', lifecycle === 'Recovering', 'Active');
    case 'RECOVERY_FAILED':
      return step('lifecycle', lifecycle === 'Recovering', 'ShuttingDown');
    case 'SET_READY':
      return step('operational', operational === 'Idle', 'Ready');
    case 'TASK_START':
      return step('operational', operational === 'Ready', 'Running');
    case 'SET_BACKGROUND':
      return step('operational', operational === 'Running', 'BackgroundRunning');
    case 'SET_FOREGROUND':
      return step('operational', operational === 'BackgroundRunning', 'Running');
    case 'TASK_PAUSE':
      return step('operational', operational === 'Running', 'Paused');
    case 'TASK_RESUME':
      return step('operational', operational === 'Paused', 'Ready');
    case 'TASK_COMPLETE':
      return step('operational', operational === 'Running', 'Ready');
    case 'TASK_STOP':
      return step('operational', operational === 'Running', 'Stopped');
    case 'TASK_RESET':
      return step('operational', operational === 'Stopped', 'Idle');
    case 'WARN':
      return step('health', health === 'Healthy', 'Warning');
    case 'CLEAR_WARNING':
      return step('health', health === 'Warning', 'Healthy');
    case 'FAULT':
      return step('health', health !== 'Critical', 'Critical');
    case 'RESET':
      return step('health', health !== 'Healthy', 'Healthy');
    case 'RECOVER': {
      const data = event.data;
      let to: Health = 'Healthy';
      if (data !== undefined) {
        if (!isPlainObject(data)) return badPayload('data');
        const extra = Object.keys(data).find((key) => key !== 'to');
        if (extra !== undefined) return badPayload(`data.${extra}`);
        if (data.to !== undefined) {
          if (data.to !== 'Healthy' && data.to !== 'Warning') return badPayload('data.to');
          to = data.to;
        }
      }
      if (health !== 'Critical') return invalid(`No transition for RECOVER from ${health}`);
      return {
        ok: true,
        next: { ...state, health: to },
        changes: [{ layer: 'health', from: health, to, event: 'RECOVER' }],
      };
    }
    case 'INTERRUPT': {
      if (operational !== 'Running' && operational !== 'BackgroundRunning') {
        return invalid(`No transition for INTERRUPT from ${operational}`);
      }
      return {
        ok: true,
        next: { ...state, operational: 'Paused' },
        changes: [{ layer: 'operational', from: operational, to: 'Paused', event: 'INTERRUPT' }],
      };
    }
    case 'EMERGENCY_STOP': {
      const changes: LayerChange[] = [];
      let next = state;
      if (lifecycle === 'Initializing' || lifecycle === 'Active' || lifecycle === 'Recovering') {
        changes.push({ layer: 'lifecycle', from: lifecycle, to: 'ShuttingDown', event: 'EMERGENCY_STOP' });
        next = { ...next, lifecycle: 'ShuttingDown' };
      }
      if (operational !== 'Idle' && operational !== 'Stopped') {
        changes.push({ layer: 'operational', from: operational, to: 'Stopped', event: 'EMERGENCY_STOP' });
        next = { ...next, operational: 'Stopped' };
      }
      if (health !== 'Critical') {
        changes.push({ layer: 'health', from: health, to: 'Critical', event: 'EMERGENCY_STOP' });
        next = { ...next, health: 'Critical' };
      }
      if (changes.length === 0) {
        return invalid(
          `No transition for EMERGENCY_STOP from lifecycle ${lifecycle}, operational ${operational}, health ${health}`,
        );
      }
      return { ok: true, next, changes };
    }
    case 'PRIORITY_OVERRIDE': {
      if (context?.origin !== 'admin' || context.by === '')
        return { ok: false, code: 'OVERRIDE_NOT_ALLOWED' };
      const data = event.data;
      if (!isPlainObject(data)) return badPayload('data');
      const valid: Record<Layer, readonly string[]> = {
        lifecycle: LIFECYCLE,
        operational: OPERATIONAL,
        health: HEALTH,
      };
      for (const layer of ORDER) {
        if (data[layer] !== undefined && !valid[layer].includes(data[layer] as string)) {
          return badPayload(`data.${layer}`);
        }
      }
      const extra = Object.keys(data).find((key) => !(ORDER as readonly string[]).includes(key));
      if (extra !== undefined) return badPayload(`data.${extra}`);
      const named = ORDER.filter((layer) => data[layer] !== undefined);
      if (named.length === 0) return badPayload('data');
      const changes: LayerChange[] = [];
      let next = state;
      for (const layer of named) {
        if (data[layer] === state[layer]) continue;
        changes.push({
          layer,
          from: state[layer],
          to: data[layer],
          event: type,
          by: context.by,
        } as LayerChange);
        next = { ...next, [layer]: data[layer] };
      }
      if (changes.length === 0) {
        const from =
          named.length === 1
            ? state[named[0] as Layer]
            : named.map((layer) => `${layer} ${state[layer]}`).join(', ');
        return invalid(`No transition for PRIORITY_OVERRIDE from ${from}`);
      }
      return { ok: true, next, changes };
    }
    default:
      return { ok: false, code: 'UNKNOWN_STATE_EVENT' };
  }
}

function actual(state: ModuleState, event: StateEvent, context?: ApplyContext): Outcome {
  try {
    const { next, changes } = apply(state, event, context);
    return { ok: true, next, changes };
  } catch (error) {
    const { code, message, field } = error as { code: string; message: string; field?: string };
    if (code === 'INVALID_TRANSITION') return { ok: false, code, message };
    if (code === 'VALIDATION_FAILED') return { ok: false, code, field: field as string };
    return { ok: false, code };
  }
}

interface Step {
  readonly event: StateEvent;
  readonly context?: ApplyContext;
}

const ADMIN: ApplyContext = { origin: 'admin', by: 'ops@example.com' };

const PLAIN_NAMES = [
  'START',
  'INIT_SUCCESS',
  'INIT_FAILURE',
  'SHUTDOWN',
  'FINISHED',
  'FAULT_DETECTED',
  'RECOVERY_SUCCESS',
  'RECOVERY_FAILED',
  'SET_READY',
  'TASK_START',
  'SET_BACKGROUND',
  'SET_FOREGROUND',
  'TASK_PAUSE',
  'TASK_RESUME',
  'TASK_COMPLETE',
  'TASK_STOP',
  'TASK_RESET',
  'WARN',
  'CLEAR_WARNING',
  'FAULT',
  'RECOVER',
  'RESET',
  'EMERGENCY_STOP',
  'INTERRUPT',
] as const;
const plainNames = fc.constantFrom(...PLAIN_NAMES);

const anyContext = fc.constantFrom<ApplyContext | undefined>(undefined, { origin: 'producer' }, ADMIN);

const plainStep: fc.Arbitrary<Step> = fc.record(
  {
    event: fc.record(
      { type: plainNames, data: fc.constantFrom<unknown>({ to: 'Warning' }, { note: 'ignored' }) },
      { requiredKeys: ['type'] },
    ),
    context: anyContext,
  },
  { requiredKeys: ['event'] },
);

const recoverStep: fc.Arbitrary<Step> = fc
  .constantFrom<unknown>(
    undefined,
    {},
    { to: 'Warning' },
    { to: 'Healthy' },
    { to: 'Critical' },
    { to: 'Offline' },
    { to: 42 },
    { To: 'Warning' },
    'Warning',
    null,
    ['Warning'],
  )
  .map((data) => ({ event: { type: 'RECOVER', data } }));

const overrideValue = (states: readonly string[]) => fc.constantFrom(...states, 'Bogus');
const overrideStep: fc.Arbitrary<Step> = fc.record({
  event: fc.record({
    type: fc.constant('PRIORITY_OVERRIDE'),
    data: fc.oneof(
      {
        weight: 8,
        arbitrary: fc.record(
          {
            lifecycle: overrideValue(LIFECYCLE),
            operational: overrideValue(OPERATIONAL),
            health: overrideValue(HEALTH),
          },
          { requiredKeys: [] },
        ),
      },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, 'Offline', { mood: 'Happy' }) },
    ),
  }),
  context: fc.oneof(
    { weight: 8, arbitrary: fc.constant<ApplyContext>(ADMIN) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<ApplyContext | undefined>(
        undefined,
        { origin: 'producer' },
        { origin: 'admin', by: '' },
      ),
    },
  ),
});

const unknownStep: fc.Arbitrary<Step> = fc
  .oneof(fc.constantFrom('BOGUS', 'start', 'state.START', '', 'toString', '__proto__'), fc.string())
  .map((type) => ({ event: { type } }));

/**
 * A step that picks one of the events the reference accepts from wherever the sequence is: without
 * it, uniformly random events rarely get deep (e.g. to BackgroundRunning or Paused).
 */
interface Guided {
  readonly pick: number;
}

const ACCEPTABLE: readonly StateEvent[] = [
  ...PLAIN_NAMES.map((type) => ({ type })),
  { type: 'RECOVER', data: { to: 'Warning' } },
];

function resolve(state: ModuleState, entry: Step | Guided): Step {
  if (!('pick' in entry)) return entry;
  const accepted = ACCEPTABLE.filter((event) => reference(state, event).ok);
  return { event: accepted[entry.pick % accepted.length] as StateEvent };
}

const guidedStep: fc.Arbitrary<Guided> = fc.noBias(fc.nat()).map((pick) => ({ pick }));

const step: fc.Arbitrary<Step | Guided> = fc.oneof(
  { weight: 10, arbitrary: guidedStep },
  { weight: 6, arbitrary: plainStep },
  { weight: 2, arbitrary: recoverStep },
  { weight: 2, arbitrary: overrideStep },
  { weight: 1, arbitrary: unknownStep },
);

describe('Function: apply (against a reference model)', () => {
  it('agrees with the reference on random event sequences', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80, size: 'max' }), (steps) => {
        let state = INITIAL_STATE;
        for (const entry of steps) {
          // Prepare
          const { event, context } = resolve(state, entry);

          // Act
          const expected = reference(state, event, context);
          const got = actual(state, event, context);

          // Assess: the diff shows where the sequence was when they parted.
          if (!isDeepStrictEqual(got, expected)) {
            expect({ state, event, context, outcome: got }).toEqual({
              state,
              event,
              context,
              outcome: expected,
            });
          }
          if (got.ok) {
            expect(got.changes.length).toBeGreaterThan(0);
            state = got.next;
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reaches every state of every layer through events alone, without overrides', () => {
    // Prepare: the property above is only as good as the states its sequences visit.
    const seen = new Set<string>();
    const eventsOnly = fc.oneof(guidedStep, plainStep, recoverStep);

    // Act
    fc.assert(
      fc.property(fc.array(eventsOnly, { maxLength: 80, size: 'max' }), (steps) => {
        let state = INITIAL_STATE;
        for (const entry of steps) {
          const { event, context } = resolve(state, entry);
          const got = actual(state, event, context);
          if (got.ok) state = got.next;
          for (const layer of ORDER) seen.add(state[layer]);
        }
      }),
      { numRuns: 200, seed: 42 },
    );

    // Assess
    expect([...seen].sort()).toEqual([...LIFECYCLE, ...OPERATIONAL, ...HEALTH].sort());
  });
});
