import type { HealthEvent, LayerEvents, LifecycleEvent, OperationalEvent } from './events.ts';
import {
  type HealthState,
  healthStateSchema,
  type Layer,
  type LifecycleState,
  type ModuleState,
  type OperationalState,
} from './model.ts';

/**
 * One event on one layer: the states it leaves from, and where it goes. `to` has more than one
 * state only when the payload chooses (RECOVER); the first is the default. A state outside `from`
 * is an invalid transition, so "any → X" lists every state but X: an event always moves something.
 */
export interface TransitionRule<S extends string> {
  readonly from: readonly S[];
  readonly to: readonly [S, ...S[]];
}

type LayerTable<E extends string, S extends string> = Readonly<Record<E, TransitionRule<S>>>;

const allHealthBut = (state: HealthState): HealthState[] =>
  healthStateSchema.options.filter((s) => s !== state);

export const LIFECYCLE_TRANSITIONS: LayerTable<LifecycleEvent, LifecycleState> = {
  START: { from: ['Offline'], to: ['Initializing'] },
  INIT_SUCCESS: { from: ['Initializing'], to: ['Active'] },
  INIT_FAILURE: { from: ['Initializing'], to: ['Recovering'] },
  SHUTDOWN: { from: ['Active'], to: ['ShuttingDown'] },
  FINISHED: { from: ['ShuttingDown'], to: ['Offline'] },
  FAULT_DETECTED: { from: ['Active'], to: ['Recovering'] },
  RECOVERY_SUCCESS: { from: ['Recovering'], to: ['Active'] },
  RECOVERY_FAILED: { from: ['Recovering'], to: ['ShuttingDown'] },
};

export const OPERATIONAL_TRANSITIONS: LayerTable<OperationalEvent, OperationalState> = {
  SET_READY: { from: ['Idle'], to: ['Ready'] },
  TASK_START: { from: ['Ready'], to: ['Running'] },
  SET_BACKGROUND: { from: ['Running'], to: ['BackgroundRunning'] },
  SET_FOREGROUND: { from: ['BackgroundRunning'], to: ['Running'] },
  TASK_PAUSE: { from: ['Running'], to: ['Paused'] },
  TASK_RESUME: { from: ['Paused'], to: ['Ready'] },
  TASK_COMPLETE: { from: ['Running'], to: ['Ready'] },
  TASK_STOP: { from: ['Running'], to: ['Stopped'] },
  TASK_RESET: { from: ['Stopped'], to: ['Idle'] },
};

export const HEALTH_TRANSITIONS: LayerTable<HealthEvent, HealthState> = {
  WARN: { from: ['Healthy'], to: ['Warning'] },
  CLEAR_WARNING: { from: ['Warning'], to: ['Healthy'] },
  FAULT: { from: allHealthBut('Critical'), to: ['Critical'] },
  RECOVER: { from: ['Critical'], to: ['Healthy', 'Warning'] },
  RESET: { from: allHealthBut('Healthy'), to: ['Healthy'] },
};

export const LAYER_TRANSITIONS: { readonly [L in Layer]: LayerTable<LayerEvents[L], ModuleState[L]> } = {
  lifecycle: LIFECYCLE_TRANSITIONS,
  operational: OPERATIONAL_TRANSITIONS,
  health: HEALTH_TRANSITIONS,
};

export type CrossLayerRule = { readonly [L in Layer]?: TransitionRule<ModuleState[L]> };

/**
 * The commands that act on several layers at once, each layer from its own sources, in one step.
 * EMERGENCY_STOP leaves a layer that is at rest (lifecycle Offline, operational Idle: nothing is
 * up or running to stop) or already at its target. PRIORITY_OVERRIDE (any → any) has no table.
 */
export const CROSS_LAYER_TRANSITIONS: Readonly<Record<'EMERGENCY_STOP' | 'INTERRUPT', CrossLayerRule>> = {
  EMERGENCY_STOP: {
    lifecycle: { from: ['Initializing', 'Active', 'Recovering'], to: ['ShuttingDown'] },
    operational: { from: ['Ready', 'Running', 'BackgroundRunning', 'Paused'], to: ['Stopped'] },
    health: { from: allHealthBut('Critical'), to: ['Critical'] },
  },
  INTERRUPT: {
    operational: { from: ['Running', 'BackgroundRunning'], to: ['Paused'] },
  },
};
