import type { LocalRule } from '../topology.ts';
import type { TargetDelivery } from './delivery.ts';
import type { BusEvent } from './input.ts';
import { ScheduleDisabledError, ScheduleNotFoundError } from './schedule-errors.ts';
import { parseScheduleExpression, type Schedule } from './schedule-expression.ts';
import { scheduledEvent } from './scheduled-event.ts';

/** setTimeout's longest delay (about 24.8 days); a later tick re-arms on the way. */
const MAX_TIMER_MS = 2_147_483_647;

export interface LocalSchedulerOptions {
  /** Every rule of the topology; those with a `scheduleExpression` are scheduled. */
  readonly rules: readonly LocalRule[];
  readonly region: string;
  readonly accountId: string;
  readonly delivery: Pick<TargetDelivery, 'dispatch'>;
  /** @default Date.now */
  readonly now?: () => number;
  /** Called on every tick and every fire by hand, once the targets have the event. */
  readonly onFire?: (fired: ScheduleFired) => void;
}

export interface ScheduleFired {
  readonly rule: LocalRule;
  readonly event: BusEvent;
  readonly trigger: 'timer' | 'manual';
}

/** One scheduled rule, as `schedules()` lists it. */
export interface ScheduleState {
  readonly ruleName: string;
  readonly ruleArn: string;
  readonly logicalId: string;
  readonly scheduleExpression: string;
  readonly enabled: boolean;
  /** When the timer fires next (ISO 8601); absent when timers are off or the schedule never fires again. */
  readonly nextFireAt?: string;
}

interface Entry {
  readonly rule: LocalRule;
  readonly schedule: Schedule;
  timer?: NodeJS.Timeout;
  nextAt?: number;
}

/**
 * Runs the scheduled rules: on each tick of a rule's `rate(…)` or `cron(…)` schedule its targets
 * receive a Scheduled Event through the same delivery as pattern rules (retry policy, DLQ, input
 * transformation). Rates first fire one period after `start()` (EventBridge starts them when the
 * rule is created); cron schedules fire on their UTC minutes. Disabled rules never fire.
 */
export class LocalScheduler {
  readonly #options: LocalSchedulerOptions;
  readonly #entries: Entry[];
  #running = false;

  constructor(options: LocalSchedulerOptions) {
    this.#options = options;
    this.#entries = options.rules.flatMap((rule) =>
      rule.scheduleExpression === undefined
        ? []
        : [{ rule, schedule: parseScheduleExpression(rule.scheduleExpression) }],
    );
  }

  /** Arms a timer for every enabled scheduled rule. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    const now = this.#now();
    for (const entry of this.#entries) {
      if (!entry.rule.enabled) continue;
      this.#arm(
        entry,
        entry.schedule.kind === 'rate' ? now + entry.schedule.periodMs : this.#after(entry, now),
      );
    }
  }

  /** Clears every timer: nothing fires after this returns. Idempotent. */
  stop(): void {
    this.#running = false;
    for (const entry of this.#entries) {
      clearTimeout(entry.timer);
      entry.timer = undefined;
      entry.nextAt = undefined;
    }
  }

  /**
   * Fires a scheduled rule now (by rule name, logical id or ARN), timers or not: its targets get a
   * Scheduled Event timed now. Returns that event.
   */
  fire(ruleRef: string): BusEvent {
    const entry = this.#entries.find(
      ({ rule }) => rule.name === ruleRef || rule.logicalId === ruleRef || rule.arn === ruleRef,
    );
    if (!entry) throw new ScheduleNotFoundError(`No scheduled rule ${ruleRef}`);
    if (!entry.rule.enabled)
      throw new ScheduleDisabledError(`Rule ${entry.rule.name} is DISABLED: a disabled rule does not fire`);
    return this.#dispatch(entry, this.#now(), 'manual');
  }

  schedules(): ScheduleState[] {
    return this.#entries.map(({ rule, nextAt }) => ({
      ruleName: rule.name,
      ruleArn: rule.arn,
      logicalId: rule.logicalId,
      scheduleExpression: rule.scheduleExpression as string,
      enabled: rule.enabled,
      ...(nextAt === undefined ? {} : { nextFireAt: new Date(nextAt).toISOString() }),
    }));
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  /** The next cron tick strictly after `ms`, or undefined when the schedule has no more. */
  #after(entry: Entry, ms: number): number | undefined {
    if (entry.schedule.kind !== 'cron') return undefined;
    return entry.schedule.next(new Date(ms))?.getTime();
  }

  #arm(entry: Entry, at: number | undefined): void {
    entry.nextAt = at;
    if (at === undefined || !this.#running) return;
    const delay = Math.max(0, at - this.#now());
    entry.timer =
      delay > MAX_TIMER_MS
        ? setTimeout(() => this.#arm(entry, at), MAX_TIMER_MS)
        : setTimeout(() => this.#tick(entry, at), delay);
  }

  #tick(entry: Entry, at: number): void {
    entry.timer = undefined;
    if (!this.#running) return;
    this.#dispatch(entry, at, 'timer');
    const now = this.#now();
    if (entry.schedule.kind === 'rate') {
      // Keep to the start's cadence; after a stall (a suspended laptop) skip the missed ticks.
      let next = at + entry.schedule.periodMs;
      const { periodMs } = entry.schedule;
      if (next <= now) next += (Math.floor((now - next) / periodMs) + 1) * periodMs;
      this.#arm(entry, next);
    } else this.#arm(entry, this.#after(entry, Math.max(at, now)));
  }

  #dispatch(entry: Entry, tickMs: number, trigger: ScheduleFired['trigger']): BusEvent {
    const { region, accountId, delivery, onFire } = this.#options;
    const event = scheduledEvent(entry.rule, tickMs, { region, accountId });
    for (const target of entry.rule.targets) delivery.dispatch(event, entry.rule, target);
    onFire?.({ rule: entry.rule, event, trigger });
    return event;
  }
}
