import * as z from 'zod/mini';
import { SEVERITIES } from '../envelope.ts';
import { eventPatternCheck } from '../pattern/check.ts';
import { type CompiledPattern, compilePattern } from '../pattern.ts';

/**
 * The ingest middleware: an ordered list of declarative steps from the stack's config, applied to
 * each valid event before dedup. Patterns are EventBridge patterns over the event as the producer
 * sent it (with `severity` defaulted), e.g. `{"source": [{"prefix": "plant7."}]}`.
 */
const patternSchema = z.record(z.string(), z.unknown()).check(eventPatternCheck);

const MOVABLE = /^(message|alertKey|dedupKey|module|data(\.[^.\s]+)+)$/;
const fieldPathSchema = z.string().check(
  z.regex(MOVABLE, 'must be message, alertKey, dedupKey, module or a path under data (data.a.b)'),
  z.refine((path) => !path.split('.').includes('__proto__'), 'must not name __proto__'),
);

const dropStep = z.strictObject({ step: z.literal('drop'), match: patternSchema });
const enrichStep = z
  .strictObject({
    step: z.literal('enrich'),
    match: z.optional(patternSchema),
    data: z.optional(z.record(z.string().check(z.minLength(1)), z.unknown())),
    tags: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(20))),
    /** Whether `data` fields replace the producer's own. @default false */
    overwrite: z._default(z.boolean(), false),
  })
  .check(z.refine((step) => step.data !== undefined || step.tags !== undefined, 'needs data or tags'));
const mapStep = z.strictObject({
  step: z.literal('map'),
  match: z.optional(patternSchema),
  move: z
    .array(z.strictObject({ from: fieldPathSchema, to: fieldPathSchema }))
    .check(z.minLength(1), z.maxLength(20)),
});
const severityStep = z.strictObject({
  step: z.literal('severity'),
  match: patternSchema,
  set: z.enum(SEVERITIES),
});

export const middlewareStepSchema = z.discriminatedUnion(
  'step',
  [dropStep, enrichStep, mapStep, severityStep],
  { error: 'must be a step: {"step": "drop" | "enrich" | "map" | "severity", …}' },
);
export const ingestMiddlewareSchema = z.array(middlewareStepSchema).check(z.maxLength(50));
export type MiddlewareStep = z.output<typeof middlewareStepSchema>;

type Event = Record<string, unknown>;

/** A step ready to run: its pattern compiled once, its change a pure function of the event. */
export interface CompiledStep {
  readonly match: CompiledPattern | undefined;
  readonly apply: (event: Event) => Event | 'drop';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function read(event: Event, path: string): unknown {
  let value: unknown = event;
  for (const key of path.split('.')) value = isObject(value) ? value[key] : undefined;
  return value;
}

/** A copy of `event` with `path` set to `value` (or removed when undefined), copying only the objects on the path. */
function write(event: Event, path: string, value: unknown): Event {
  const [key, ...rest] = path.split('.') as [string, ...string[]];
  const copy = { ...event };
  if (rest.length === 0) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
    return copy;
  }
  const child = isObject(copy[key]) ? (copy[key] as Event) : {};
  copy[key] = write(child, rest.join('.'), value);
  return copy;
}

function enrich(event: Event, step: z.output<typeof enrichStep>): Event {
  const data = isObject(event.data) ? event.data : {};
  const merged = step.overwrite ? { ...data, ...step.data } : { ...step.data, ...data };
  if (step.tags) {
    const existing = Array.isArray(data.tags) ? data.tags : [];
    merged.tags = [...new Set([...existing, ...step.tags])];
  }
  return { ...event, data: merged };
}

function move(event: Event, moves: readonly { from: string; to: string }[]): Event {
  return moves.reduce((current, { from, to }) => {
    const value = read(current, from);
    return value === undefined ? current : write(write(current, from, undefined), to, value);
  }, event);
}

function compileStep(step: MiddlewareStep): CompiledStep {
  switch (step.step) {
    case 'drop':
      return { match: compilePattern(step.match), apply: () => 'drop' };
    case 'enrich':
      return { match: maybe(step.match), apply: (e) => enrich(e, step) };
    case 'map':
      return { match: maybe(step.match), apply: (e) => move(e, step.move) };
    default:
      return { match: compilePattern(step.match), apply: (e) => ({ ...e, severity: step.set }) };
  }
}

export function compileMiddleware(steps: readonly MiddlewareStep[]): CompiledStep[] {
  return steps.map(compileStep);
}

function maybe(pattern: Record<string, unknown> | undefined): CompiledPattern | undefined {
  return pattern === undefined ? undefined : compilePattern(pattern);
}

export type MiddlewareOutcome =
  | { readonly kind: 'drop'; readonly step: number }
  | { readonly kind: 'keep'; readonly event: Event; readonly changed: boolean };

/** Runs the steps in order; each sees what the steps before it made. The input is never mutated. */
export function applyMiddleware(event: Event, steps: readonly CompiledStep[]): MiddlewareOutcome {
  let current = event;
  for (const [index, step] of steps.entries()) {
    if (step.match && !step.match.matches(current)) continue;
    const next = step.apply(current);
    if (next === 'drop') return { kind: 'drop', step: index };
    current = next;
  }
  return { kind: 'keep', event: current, changed: current !== event };
}
