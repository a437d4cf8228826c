import * as z from 'zod/mini';
import { healthStateSchema, LAYERS, lifecycleStateSchema, operationalStateSchema } from './model.ts';

export const LIFECYCLE_EVENTS = [
  'START',
  'INIT_SUCCESS',
  'INIT_FAILURE',
  'SHUTDOWN',
  'FINISHED',
  'FAULT_DETECTED',
  'RECOVERY_SUCCESS',
  'RECOVERY_FAILED',
] as const;
export const OPERATIONAL_EVENTS = [
  'SET_READY',
  'TASK_START',
  'SET_BACKGROUND',
  'SET_FOREGROUND',
  'TASK_PAUSE',
  'TASK_RESUME',
  'TASK_COMPLETE',
  'TASK_STOP',
  'TASK_RESET',
] as const;
export const HEALTH_EVENTS = ['WARN', 'CLEAR_WARNING', 'FAULT', 'RECOVER', 'RESET'] as const;
/** Commands about the whole module; they are in no layer table (see transitions.ts). */
export const CROSS_LAYER_EVENTS = ['EMERGENCY_STOP', 'INTERRUPT', 'PRIORITY_OVERRIDE'] as const;

export const EVENT_NAMES = [
  ...LIFECYCLE_EVENTS,
  ...OPERATIONAL_EVENTS,
  ...HEALTH_EVENTS,
  ...CROSS_LAYER_EVENTS,
] as const;

export const stateEventNameSchema = z.enum(EVENT_NAMES);
export type StateEventName = z.infer<typeof stateEventNameSchema>;

export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];
export type OperationalEvent = (typeof OPERATIONAL_EVENTS)[number];
export type HealthEvent = (typeof HEALTH_EVENTS)[number];
export type CrossLayerEvent = (typeof CROSS_LAYER_EVENTS)[number];

export interface LayerEvents {
  readonly lifecycle: LifecycleEvent;
  readonly operational: OperationalEvent;
  readonly health: HealthEvent;
}

/**
 * An event as it reaches `apply`. `type` is any string because events arrive as JSON: an unknown
 * name is refused at run time with UnknownStateEventError; `data` is read only by the events that
 * take a payload (RECOVER, PRIORITY_OVERRIDE) and ignored by the others.
 */
export interface StateEvent {
  readonly type: StateEventName | (string & {});
  readonly data?: unknown;
}

/**
 * PRIORITY_OVERRIDE's payload: the layers to force, each to a state of its own layer. Strict, so
 * that a misspelt layer fails instead of silently forcing nothing.
 */
export const overridePayloadSchema = z
  .strictObject({
    lifecycle: z.optional(lifecycleStateSchema),
    operational: z.optional(operationalStateSchema),
    health: z.optional(healthStateSchema),
  })
  .check(
    z.refine((payload) => LAYERS.some((layer) => payload[layer] !== undefined), {
      error: `must set at least one of ${LAYERS.join(', ')}`,
    }),
  );
export type OverridePayload = z.infer<typeof overridePayloadSchema>;
