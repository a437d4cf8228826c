import { BUS_SOURCES } from '../bus-event.ts';
import { compilePattern, type EventPattern, InvalidEventPatternError } from '../pattern.ts';
import type { Subscription } from './subscription.ts';

/** The bus sources whose events subscriptions see; replays (`vigil.replay`) are left out on purpose. */
export const DISPATCHED_SOURCES: readonly string[] = [
  BUS_SOURCES.ingest,
  BUS_SOURCES.alerts,
  BUS_SOURCES.state,
];

/**
 * The one event dispatch handles for subscriptions that did not match it: an alert's resolution
 * reaches everyone its notification plans told (escalation targets included), so the dispatch rule
 * always lets it through, with or without subscriptions.
 */
export const UNMATCHED_AUDIENCE_EVENT = { source: BUS_SOURCES.alerts, type: 'alert.resolved' } as const;

/**
 * EventBridge's default "Event pattern size" quota (characters, adjustable up to the API's 4096,
 * MAX_PATTERN_LENGTH): a union longer than this falls back to the catch-all.
 */
export const NARROWED_PATTERN_MAX_LENGTH = 2048;

export type DispatchRulePattern =
  | { readonly pattern: EventPattern; readonly narrowed: true }
  | { readonly pattern: EventPattern; readonly narrowed: false; readonly reason: string };

/** What the template writes: every dispatched event, the safe superset. */
export function catchAllDispatchPattern(): EventPattern {
  return { source: [...DISPATCHED_SOURCES] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The dispatched sources a `source` matcher list accepts (the pattern engine decides, so every operator works). */
function sourcesAccepted(matchers: unknown): string[] {
  const pattern = compilePattern({ source: matchers });
  return DISPATCHED_SOURCES.filter((source) => pattern.matches({ source }));
}

/** Whether `source` is constrained at the top level of the pattern or of any top-level `$or` branch. */
function mentionsSource(pattern: Record<string, unknown>): boolean {
  if ('source' in pattern) return true;
  const branches = pattern.$or;
  return Array.isArray(branches) && branches.some((b) => isObject(b) && mentionsSource(b));
}

/**
 * Every top-level `source` matcher (and those of top-level `$or` branches) narrowed to the
 * dispatched sources it accepts, in place of its key (document order decides overrides). Undefined
 * when one accepts none: that branch could never reach dispatch, and dropping it cleanly is not
 * worth the cases; the caller falls back.
 */
function restrictSources(pattern: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pattern)) {
    if (key === 'source') {
      const accepted = sourcesAccepted(value);
      if (accepted.length === 0) return undefined;
      out.source = accepted;
    } else if (key === '$or' && Array.isArray(value)) {
      const branches = value.map((b) => (isObject(b) ? restrictSources(b) : b));
      if (branches.includes(undefined)) return undefined;
      out.$or = branches;
    } else out[key] = value;
  }
  return out;
}

type Branch = { kind: 'branch'; pattern: Record<string, unknown> } | { kind: 'never' | 'all' | 'opaque' };

/**
 * One subscription's `match` as a branch of the union under a top-level `source: DISPATCHED_SOURCES`:
 * its own `source` matchers narrowed to what dispatch sees, or left out when they accept every
 * dispatched source. `never`: it can match no dispatched event; `all`: it matches every one.
 */
export function branchOf(match: Record<string, unknown>): Branch {
  if (!mentionsSource(match))
    return Object.keys(match).length === 0 ? { kind: 'all' } : { kind: 'branch', pattern: match };
  if (!Array.isArray(match.$or) && 'source' in match) {
    const accepted = sourcesAccepted(match.source);
    if (accepted.length === 0) return { kind: 'never' };
    const { source: _source, ...rest } = match;
    const all = accepted.length === DISPATCHED_SOURCES.length;
    if (all && Object.keys(rest).length === 0) return { kind: 'all' };
    return { kind: 'branch', pattern: all ? rest : { source: accepted, ...rest } };
  }
  const restricted = restrictSources(match);
  return restricted ? { kind: 'branch', pattern: restricted } : { kind: 'opaque' };
}

/** Alone: the resolutions' own source; as a `$or` branch the top-level sources stand in, so no branch repeats `source`. */
function resolutionBranch(alone: boolean): Record<string, unknown> {
  const type = { 'detail-type': [UNMATCHED_AUDIENCE_EVENT.type] };
  return alone ? { source: [UNMATCHED_AUDIENCE_EVENT.source], ...type } : type;
}

function fallback(reason: string): DispatchRulePattern {
  return { pattern: catchAllDispatchPattern(), narrowed: false, reason };
}

/**
 * The dispatch rule's pattern for these subscriptions: the dispatched sources AND (any subscription's
 * `match` OR an alert resolution). Falls back to the catch-all when a subscription matches every
 * dispatched event, when a `source` matcher cannot be narrowed cleanly, or when the union breaks an
 * EventBridge limit (pattern size quota, `$or` combinations, fields, wildcard complexity).
 */
export function dispatchRulePattern(
  subscriptions: readonly Pick<Subscription, 'name' | 'match'>[],
  maxLength = NARROWED_PATTERN_MAX_LENGTH,
): DispatchRulePattern {
  const branches = new Map<string, Record<string, unknown>>();
  const resolution = resolutionBranch(false);
  branches.set(JSON.stringify(resolution), resolution);
  for (const subscription of subscriptions) {
    const branch = branchOf(subscription.match);
    if (branch.kind === 'all') return fallback(`subscription ${subscription.name} matches every event`);
    if (branch.kind === 'opaque')
      return fallback(`subscription ${subscription.name}: its source matchers cannot be narrowed`);
    if (branch.kind === 'branch') branches.set(JSON.stringify(branch.pattern), branch.pattern);
  }
  const unique = [...branches.values()];
  const pattern: EventPattern =
    unique.length === 1 ? resolutionBranch(true) : { source: [...DISPATCHED_SOURCES], $or: unique };
  const length = JSON.stringify(pattern).length;
  if (length > maxLength) return fallback(`the union is ${length} characters; at most ${maxLength}`);
  try {
    compilePattern(pattern);
  } catch (error) {
    if (!(error instanceof InvalidEventPatternError)) throw error;
    return fallback(`the union is not a valid pattern: ${error.message}`);
  }
  return { pattern, narrowed: true };
}
