import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, stateEventNameSchema } from '#lib/core/state/events.ts';
import { INITIAL_STATE, LAYER_STATE_SCHEMAS, LAYERS, stateSchema } from '#lib/core/state/model.ts';
import { CROSS_LAYER_TRANSITIONS, LAYER_TRANSITIONS } from '#lib/core/state/transitions.ts';
import { parseWith } from '#lib/core/validation.ts';

describe('Function: stateSchema', () => {
  it('reads a stored state and keeps only the three layers', () => {
    // Act
    const state = stateSchema.parse({ pk: 'M#press-3', version: 4, ...INITIAL_STATE, health: 'Critical' });

    // Assess
    expect(state).toEqual({ lifecycle: 'Offline', operational: 'Idle', health: 'Critical' });
  });

  it.each([
    [{ ...INITIAL_STATE, health: 'Offline' }, 'health'],
    [{ lifecycle: 'Offline', operational: 'Idle' }, 'health'],
    [{ ...INITIAL_STATE, operational: 'running' }, 'operational'],
  ])('refuses %o naming the layer', (stored, field) => {
    expect(() => parseWith(stateSchema, stored)).toThrow(expect.objectContaining({ field }));
  });
});

describe('Function: stateEventNameSchema', () => {
  it('accepts the 25 events of the model and nothing else', () => {
    expect(EVENT_NAMES).toHaveLength(25);
    expect(new Set(EVENT_NAMES).size).toBe(25);
    expect(stateEventNameSchema.safeParse('EMERGENCY_STOP').success).toBe(true);
    expect(stateEventNameSchema.safeParse('emergency_stop').success).toBe(false);
  });
});

describe('Transition tables', () => {
  it('give every event to one layer table or the cross-layer commands, once', () => {
    // Act
    const owners = EVENT_NAMES.map((name) => [
      ...LAYERS.filter((layer) => Object.hasOwn(LAYER_TRANSITIONS[layer], name)),
      ...(Object.hasOwn(CROSS_LAYER_TRANSITIONS, name) ? ['cross-layer'] : []),
    ]);

    // Assess: PRIORITY_OVERRIDE (any → any) is the one event with no table.
    expect(owners.filter((owner) => owner.length !== 1).length).toBe(1);
    expect(owners[EVENT_NAMES.indexOf('PRIORITY_OVERRIDE')]).toEqual([]);
  });

  it('never lead from a state to itself, so every accepted event moves something', () => {
    for (const layer of LAYERS) {
      const rules = [
        ...Object.values(LAYER_TRANSITIONS[layer]),
        ...Object.values(CROSS_LAYER_TRANSITIONS).flatMap((command) => command[layer] ?? []),
      ];
      for (const { from, to } of rules) {
        for (const state of from) {
          expect(to).not.toContain(state);
          expect(LAYER_STATE_SCHEMAS[layer].options).toContain(state);
        }
      }
    }
  });
});
