import * as z from 'zod/mini';
import { parseWith } from '../validation.ts';
import { InvalidTransitionError, OverrideNotAllowedError, UnknownStateEventError } from './errors.ts';
import {
  type LayerEvents,
  overridePayloadSchema,
  type StateEvent,
  type StateEventName,
  stateEventNameSchema,
} from './events.ts';
import { LAYERS, type Layer, type LayerState, type ModuleState } from './model.ts';
import { CROSS_LAYER_TRANSITIONS, LAYER_TRANSITIONS, type TransitionRule } from './transitions.ts';

/** One layer that moved. `by` is set on PRIORITY_OVERRIDE changes only: the admin who forced it. */
export type LayerChange = {
  readonly [L in Layer]: {
    readonly layer: L;
    readonly from: ModuleState[L];
    readonly to: ModuleState[L];
    readonly event: StateEventName;
    readonly by?: string;
  };
}[Layer];

/** `changes` is never empty: an event that would move nothing is an InvalidTransitionError. */
export interface ApplyResult {
  readonly next: ModuleState;
  readonly changes: readonly LayerChange[];
}

/** Who sends the event. Only an admin, named in `by`, may send PRIORITY_OVERRIDE. */
export type ApplyContext =
  | { readonly origin: 'producer'; readonly by?: string }
  | { readonly origin: 'admin'; readonly by: string; readonly onBehalfOf?: string };

type SingleLayerEvent = LayerEvents[Layer];
type CommandEvent = keyof typeof CROSS_LAYER_TRANSITIONS;

const FROM_PRODUCER: ApplyContext = { origin: 'producer' };

/** Every layer table flattened to event → (layer, rule); the tables' keys are disjoint. */
const RULES = Object.fromEntries(
  LAYERS.flatMap((layer) =>
    Object.entries<TransitionRule<LayerState>>(LAYER_TRANSITIONS[layer]).map(([event, rule]) => [
      event,
      { layer, rule },
    ]),
  ),
) as Readonly<Record<SingleLayerEvent, { layer: Layer; rule: TransitionRule<LayerState> }>>;

/**
 * The state after one event, and the layers it moved, in LAYERS order. Pure: throws
 * UnknownStateEventError, OverrideNotAllowedError, ValidationError (a malformed payload, checked
 * before the state) or InvalidTransitionError, and then nothing changed.
 */
export function apply(
  state: ModuleState,
  event: StateEvent,
  context: ApplyContext = FROM_PRODUCER,
): ApplyResult {
  const parsed = stateEventNameSchema.safeParse(event.type);
  if (!parsed.success) throw new UnknownStateEventError(event.type);
  const type = parsed.data;
  if (type === 'PRIORITY_OVERRIDE') return override(state, event.data, context);
  if (isCommand(type)) return command(state, type);
  return singleLayer(state, type, event.data);
}

function isCommand(type: StateEventName): type is CommandEvent {
  return Object.hasOwn(CROSS_LAYER_TRANSITIONS, type);
}

function singleLayer(state: ModuleState, event: SingleLayerEvent, data: unknown): ApplyResult {
  const { layer, rule } = RULES[event];
  const named = rule.to.length === 1;
  const to = named ? rule.to[0] : chosenTarget(rule.to, data);
  const from = state[layer];
  if (!rule.from.includes(from)) throw new InvalidTransitionError(event, layer, from, named ? to : undefined);
  return settle(state, event, [layer], [change(layer, from, to, event)]);
}

/** A rule with several targets lets the payload choose one, `{"to": …}`; the first is the default. */
function chosenTarget(targets: readonly [LayerState, ...LayerState[]], data: unknown): LayerState {
  const payload = parseWith(z.optional(z.strictObject({ to: z.optional(z.enum(targets)) })), data, 'data');
  return payload?.to ?? targets[0];
}

function command(state: ModuleState, event: CommandEvent): ApplyResult {
  const rules = CROSS_LAYER_TRANSITIONS[event];
  const concerned: Layer[] = [];
  const changes: LayerChange[] = [];
  for (const layer of LAYERS) {
    const rule: TransitionRule<LayerState> | undefined = rules[layer];
    if (rule === undefined) continue;
    concerned.push(layer);
    if (rule.from.includes(state[layer])) changes.push(change(layer, state[layer], rule.to[0], event));
  }
  return settle(state, event, concerned, changes);
}

function override(state: ModuleState, data: unknown, context: ApplyContext): ApplyResult {
  if (context.origin !== 'admin') {
    throw new OverrideNotAllowedError('PRIORITY_OVERRIDE is admin only; a producer cannot send it');
  }
  if (!context.by) {
    throw new OverrideNotAllowedError('PRIORITY_OVERRIDE needs the admin who does it, in `by`', {
      field: 'by',
    });
  }
  const wanted = parseWith(overridePayloadSchema, data, 'data');
  const concerned: Layer[] = [];
  const changes: LayerChange[] = [];
  for (const layer of LAYERS) {
    const to: LayerState | undefined = wanted[layer];
    if (to === undefined) continue;
    concerned.push(layer);
    if (to !== state[layer]) changes.push(change(layer, state[layer], to, 'PRIORITY_OVERRIDE', context.by));
  }
  return settle(state, 'PRIORITY_OVERRIDE', concerned, changes);
}

/** The result, or — when no concerned layer moves — `No transition for <event> from <their states>`. */
function settle(
  state: ModuleState,
  event: StateEventName,
  concerned: readonly Layer[],
  changes: readonly LayerChange[],
): ApplyResult {
  if (changes.length === 0) {
    const several = concerned.length > 1;
    const from = concerned.map((layer) => (several ? `${layer} ${state[layer]}` : state[layer])).join(', ');
    throw new InvalidTransitionError(event, several ? undefined : concerned[0], from, undefined);
  }
  const next: Record<Layer, LayerState> = { ...state };
  for (const { layer, to } of changes) next[layer] = to;
  // The tables are typed per layer, so each `to` is a state of its own layer.
  return { next: next as ModuleState, changes };
}

function change(
  layer: Layer,
  from: LayerState,
  to: LayerState,
  event: StateEventName,
  by?: string,
): LayerChange {
  return (by === undefined ? { layer, from, to, event } : { layer, from, to, event, by }) as LayerChange;
}
