import type { Log } from '#lib/core/ingest/ports.ts';
import { catchAllDispatchPattern, dispatchRulePattern } from '#lib/core/subscriptions/dispatch-rule.ts';
import type { Subscription } from '#lib/core/subscriptions/subscription.ts';

/** The dispatch rule as DescribeRule shows it: what a PutRule must carry over besides the pattern. */
export interface DispatchRuleState {
  readonly eventPattern?: string;
  readonly description?: string;
  readonly state?: string;
}

export interface DispatchRulePorts {
  /** The subscriptions' generation counter, read strongly consistent. */
  readonly generation: () => Promise<number>;
  /** Every subscription, read strongly consistent. */
  readonly subscriptions: () => Promise<readonly Pick<Subscription, 'name' | 'match'>[]>;
  readonly describe: () => Promise<DispatchRuleState>;
  /** PutRule with `eventPattern`, the rest as `current` has it; false when EventBridge refuses the pattern. */
  readonly put: (eventPattern: string, current: DispatchRuleState) => Promise<boolean>;
  readonly log: Log;
}

/** Rounds of recompute-put-recheck before leaving the rest to the schedule (each round is a few calls). */
export const MAX_NARROW_ROUNDS = 5;

export interface NarrowOutcome {
  readonly converged: boolean;
  readonly rounds: number;
  readonly narrowed: boolean;
  /** Whether a PutRule was made (the rule already had the pattern otherwise). */
  readonly changed: boolean;
}

function normalized(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/** One round: the pattern for the subscriptions as they are now, put unless the rule has it already. */
async function narrowOnce(ports: DispatchRulePorts) {
  const result = dispatchRulePattern(await ports.subscriptions());
  const text = JSON.stringify(result.pattern);
  const current = await ports.describe();
  if (normalized(current.eventPattern) === text) return { narrowed: result.narrowed, changed: false };
  if (!result.narrowed) ports.log.info('dispatch rule falls back to every event', { reason: result.reason });
  if (await ports.put(text, current)) return { narrowed: result.narrowed, changed: true };
  // EventBridge refused what the local engine accepts: the catch-all is always safe.
  ports.log.error('dispatch rule pattern refused; falling back to every event', { pattern: text });
  await ports.put(JSON.stringify(catchAllDispatchPattern()), current);
  return { narrowed: false, changed: true };
}

/**
 * Narrows the dispatch rule to what the subscriptions can match (docs/subscriptions.md). Writers bump
 * the generation after each subscription write; a round that saw the same generation before and after
 * computed from a complete list, and any writer that bumped later runs its own round after this
 * one's PutRule, so the last PutRule always covers every subscription. Never waits: after
 * MAX_NARROW_ROUNDS busy rounds the scheduled run finishes the job.
 */
export async function narrowDispatchRule(ports: DispatchRulePorts, reason: string): Promise<NarrowOutcome> {
  let changed = false;
  for (let round = 1; round <= MAX_NARROW_ROUNDS; round++) {
    const seen = await ports.generation();
    const once = await narrowOnce(ports);
    changed ||= once.changed;
    if ((await ports.generation()) === seen) {
      const outcome = { converged: true, rounds: round, narrowed: once.narrowed, changed };
      ports.log.info('dispatch rule narrowed', { reason, ...outcome });
      return outcome;
    }
  }
  ports.log.warn('dispatch rule still changing; the schedule narrows it again', { reason });
  return { converged: false, rounds: MAX_NARROW_ROUNDS, narrowed: false, changed };
}

/** The event an EventBridge schedule hands its Lambda target. */
export interface ScheduledEvent {
  readonly source: 'aws.events';
  readonly 'detail-type': 'Scheduled Event';
}

export function isScheduledEvent(event: object): event is ScheduledEvent {
  const e = event as Record<string, unknown>;
  return e.source === 'aws.events' && e['detail-type'] === 'Scheduled Event';
}
