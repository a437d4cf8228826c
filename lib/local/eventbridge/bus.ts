import { type CompiledPattern, compilePattern } from '#lib/core/pattern.ts';
import type { LocalBus, LocalRule } from '../topology.ts';
import type { DeadLetter, DeadLetterStore } from './dead-letters.ts';
import type { TargetDelivery } from './delivery.ts';
import type { BusEvent } from './input.ts';
import { acceptEntry, DEFAULT_MAX_ENTRY_BYTES, type PutEventsEntry } from './put-events.ts';
import { busNameOf, putRule } from './put-rule.ts';
import { ScheduleNotFoundError } from './schedule-errors.ts';
import type { LocalScheduler, ScheduleState } from './scheduler.ts';

export interface PutEventsResult {
  readonly FailedEntryCount: number;
  readonly Entries: ({ EventId: string } | { ErrorCode: string; ErrorMessage: string })[];
}

export interface LocalEventBusOptions {
  readonly buses: readonly LocalBus[];
  readonly rules: readonly LocalRule[];
  readonly region: string;
  readonly accountId: string;
  readonly delivery: TargetDelivery;
  readonly deadLetters: DeadLetterStore;
  /** Runs the rules that have a `scheduleExpression` (their patterns, if any, still match here). */
  readonly scheduler?: LocalScheduler;
  readonly maxEntryBytes?: number;
  readonly now?: () => number;
  /** Called for every accepted event with the rules it matched (for the console and tests). */
  readonly onEvent?: (busName: string, event: unknown, matchedRules: readonly string[]) => void;
}

/** The buses and rules of the template: validates PutEvents entries, matches rules, hands matches to delivery. */
export class LocalEventBus {
  private compiled: { rule: LocalRule; pattern: CompiledPattern }[] = [];
  private readonly busNames: Set<string>;
  /** The template's rules, as PutRule last left them. */
  private current: LocalRule[];

  constructor(private readonly options: LocalEventBusOptions) {
    this.busNames = new Set(['default', ...options.buses.map((bus) => bus.name)]);
    this.current = [...options.rules];
    this.compile();
  }

  private compile(): void {
    this.compiled = this.current.flatMap((rule) =>
      rule.eventPattern ? [{ rule, pattern: compilePattern(rule.eventPattern) }] : [],
    );
  }

  /** PutRule: updates a rule of the template (putRule says what it refuses); the next event routes with it. */
  putRule(input: Record<string, unknown>): { RuleArn: string } {
    const busName = busNameOf(input);
    const index = this.current.findIndex((rule) => rule.name === input.Name && rule.busName === busName);
    const updated = putRule(this.current[index], input);
    this.current[index] = updated;
    this.compile();
    return { RuleArn: updated.arn };
  }

  putEvents(entries: readonly PutEventsEntry[]): PutEventsResult {
    const now = this.options.now ?? Date.now;
    const results = entries.map((entry) => {
      const outcome = acceptEntry(entry, {
        region: this.options.region,
        accountId: this.options.accountId,
        busExists: (name) => this.busNames.has(name),
        maxEntryBytes: this.options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES,
        now,
      });
      if (!outcome.ok) return { ErrorCode: outcome.errorCode, ErrorMessage: outcome.errorMessage };
      const matched: string[] = [];
      for (const { rule, pattern } of this.compiled) {
        if (!rule.enabled || rule.busName !== outcome.busName) continue;
        if (!pattern.matches(outcome.event)) continue;
        matched.push(rule.name);
        for (const target of rule.targets) this.options.delivery.dispatch(outcome.event, rule, target);
      }
      this.options.onEvent?.(outcome.busName, outcome.event, matched);
      return { EventId: outcome.event.id };
    });
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  }

  rules(busName?: string, namePrefix?: string): LocalRule[] {
    return this.current.filter(
      (rule) => (!busName || rule.busName === busName) && (!namePrefix || rule.name.startsWith(namePrefix)),
    );
  }

  rule(name: string, busName = 'default'): LocalRule | undefined {
    return this.current.find(
      (rule) => rule.name === name && (rule.busName === busName || busName === 'default'),
    );
  }

  /** The scheduled rules with their next tick. */
  schedules(): ScheduleState[] {
    return this.options.scheduler?.schedules() ?? [];
  }

  /** Fires a scheduled rule now (name, logical id or ARN); returns the Scheduled Event its targets get. */
  fireSchedule(ruleRef: string): BusEvent {
    if (!this.options.scheduler) throw new ScheduleNotFoundError(`No scheduled rule ${ruleRef}`);
    return this.options.scheduler.fire(ruleRef);
  }

  deadLetters(): DeadLetter[] {
    return this.options.deadLetters.list();
  }

  /** Sends dead letters back to the target that failed them (not through the rules: other targets already have them). */
  redrive(ids?: readonly string[]): { redriven: number; unknownTarget: number } {
    let redriven = 0;
    let unknownTarget = 0;
    for (const letter of this.options.deadLetters.take(ids)) {
      const rule = this.current.find((r) => r.arn === letter.ruleArn);
      const target = rule?.targets.find((t) => t.arn === letter.targetArn);
      if (!rule || !target) {
        unknownTarget++;
        continue;
      }
      this.options.delivery.dispatch(letter.event, rule, target);
      redriven++;
    }
    return { redriven, unknownTarget };
  }
}
