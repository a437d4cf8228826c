import * as z from 'zod/mini';

/** A module's state is three independent layers, always in this order (changes are reported in it too). */
export const LAYERS = ['lifecycle', 'operational', 'health'] as const;
export type Layer = (typeof LAYERS)[number];

export const lifecycleStateSchema = z.enum([
  'Offline',
  'Initializing',
  'Active',
  'Recovering',
  'ShuttingDown',
]);
export const operationalStateSchema = z.enum([
  'Idle',
  'Ready',
  'Running',
  'BackgroundRunning',
  'Paused',
  'Stopped',
]);
export const healthStateSchema = z.enum(['Healthy', 'Warning', 'Critical']);

export type LifecycleState = z.infer<typeof lifecycleStateSchema>;
export type OperationalState = z.infer<typeof operationalStateSchema>;
export type HealthState = z.infer<typeof healthStateSchema>;

export const LAYER_STATE_SCHEMAS = {
  lifecycle: lifecycleStateSchema,
  operational: operationalStateSchema,
  health: healthStateSchema,
} as const;

/**
 * A stored module state. Not strict: a stored item carries its keys and version beside the three
 * layers, and parsing keeps only the layers.
 */
export const stateSchema = z.object(LAYER_STATE_SCHEMAS);
export type ModuleState = Readonly<z.infer<typeof stateSchema>>;

/** Any state of any layer; the names are distinct across layers. */
export type LayerState = ModuleState[Layer];

export const INITIAL_STATE: ModuleState = Object.freeze({
  lifecycle: 'Offline',
  operational: 'Idle',
  health: 'Healthy',
});
