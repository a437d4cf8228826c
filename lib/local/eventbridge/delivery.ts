import path from 'node:path';
import { backoffDelay } from '#lib/core/backoff.ts';
import type { Invoker, LocalRule, LocalTarget } from '../topology.ts';
import type { DeadLetterStore } from './dead-letters.ts';
import { DeliveryError } from './delivery-error.ts';
import { type BusEvent, targetInput } from './input.ts';
import { NdjsonFiles } from './ndjson-files.ts';
import { type QueueDirectory, sendToQueue } from './sqs-target.ts';

export interface DeliveryOptions {
  readonly invoker: Invoker;
  readonly deadLetters: DeadLetterStore;
  /** Where log-group targets write (and queue targets, without `queues`), one NDJSON file each. */
  readonly outputDir: string | undefined;
  /** The local SQS queues: queue targets send to them. Without it they append to NDJSON files. */
  readonly queues?: QueueDirectory;
  /** First retry delay; doubles each attempt, with full jitter. @default 1000 */
  readonly retryBaseMs?: number;
  /** @default 60_000 */
  readonly retryMaxMs?: number;
  readonly now?: () => number;
  readonly onEvent?: (line: DeliveryLog) => void;
}

export interface DeliveryLog {
  readonly outcome: 'delivered' | 'retrying' | 'dead-lettered' | 'dropped';
  readonly eventId: string;
  readonly ruleName: string;
  readonly targetId: string;
  readonly attempt: number;
  readonly error?: string;
}

function fileName(name: string): string {
  return name.replace(/^\/+/, '').replace(/[^A-Za-z0-9._-]+/g, '_');
}

/**
 * Delivers matched events to rule targets asynchronously, honouring each target's RetryPolicy
 * (attempts and maximum event age, exponential backoff with jitter) and DeadLetterConfig.
 * Unlike AWS, where a Lambda target's own errors are retried by Lambda's async queue, a function
 * that throws counts here as a failed delivery: the target's policy and DLQ then apply, so a
 * failing consumer is visible locally instead of silently dropped.
 */
export class TargetDelivery {
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private readonly files = new NdjsonFiles();
  private closed = false;

  constructor(private readonly options: DeliveryOptions) {}

  /** Starts delivery in the background; `idle()` resolves when every started delivery is settled. */
  dispatch(event: BusEvent, rule: LocalRule, target: LocalTarget): void {
    const ingestionTime = new Date(this.now()).toISOString();
    const run = this.deliverWithRetry(event, rule, target, ingestionTime).finally(() =>
      this.pending.delete(run),
    );
    this.pending.add(run);
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Stops retry timers; deliveries in flight finish, the rest are abandoned. */
  close(): void {
    this.closed = true;
    // Wake the waiting retries so they see `closed` and settle (else `idle()` would never resolve).
    for (const [timer, wake] of this.timers) {
      clearTimeout(timer);
      wake();
    }
    this.timers.clear();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private async deliverWithRetry(
    event: BusEvent,
    rule: LocalRule,
    target: LocalTarget,
    ingestionTime: string,
  ): Promise<void> {
    const firstAttemptAt = this.now();
    const { maximumRetryAttempts, maximumEventAgeInSeconds } = target.retryPolicy;
    for (let attempt = 0; ; attempt++) {
      if (this.closed) return;
      try {
        await this.deliverOnce(event, rule, target, ingestionTime);
        this.options.onEvent?.({
          outcome: 'delivered',
          eventId: event.id,
          ruleName: rule.name,
          targetId: target.id,
          attempt,
        });
        return;
      } catch (error) {
        const failure = error instanceof DeliveryError ? error : new DeliveryError('INTERNAL', String(error));
        const delay = this.backoff(attempt);
        const tooOld = this.now() + delay - firstAttemptAt > maximumEventAgeInSeconds * 1000;
        const exhausted =
          attempt >= maximumRetryAttempts
            ? 'MaximumRetryAttempts'
            : tooOld
              ? 'MaximumEventAgeInSeconds'
              : undefined;
        if (!exhausted) {
          this.options.onEvent?.({
            outcome: 'retrying',
            eventId: event.id,
            ruleName: rule.name,
            targetId: target.id,
            attempt,
            error: failure.message,
          });
          await this.sleep(delay);
          continue;
        }
        this.giveUp(event, rule, target, failure, exhausted, attempt);
        return;
      }
    }
  }

  private giveUp(
    event: BusEvent,
    rule: LocalRule,
    target: LocalTarget,
    failure: DeliveryError,
    exhausted: 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds',
    attempt: number,
  ): void {
    const log = {
      eventId: event.id,
      ruleName: rule.name,
      targetId: target.id,
      attempt,
      error: failure.message,
    };
    if (!target.deadLetterArn) {
      this.options.onEvent?.({ outcome: 'dropped', ...log });
      return;
    }
    this.options.deadLetters.add({
      queueArn: target.deadLetterArn,
      event,
      ruleArn: rule.arn,
      targetArn: target.arn,
      errorCode: failure.errorCode,
      errorMessage: failure.message,
      exhaustedRetryCondition: exhausted,
      retryAttempts: attempt,
    });
    this.options.onEvent?.({ outcome: 'dead-lettered', ...log });
  }

  /** Full jitter: a random delay up to base × 2^attempt, capped. */
  private backoff(attempt: number): number {
    const base = this.options.retryBaseMs ?? 1000;
    const cap = this.options.retryMaxMs ?? 60_000;
    return backoffDelay({ base, cap }, attempt);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.set(timer, resolve);
    });
  }

  private async deliverOnce(
    event: BusEvent,
    rule: LocalRule,
    target: LocalTarget,
    ingestionTime: string,
  ): Promise<void> {
    const payload = targetInput(event, target, rule, ingestionTime);
    switch (target.kind) {
      case 'lambda': {
        const result = await this.options.invoker.invoke(target.resourceId, payload);
        if (!result.ok)
          throw new DeliveryError(
            result.error.errorType,
            `${result.error.errorType}: ${result.error.errorMessage}`,
          );
        return;
      }
      case 'sqs':
        if (this.options.queues) return sendToQueue(this.options.queues, target, payload);
        return this.appendToFile(target, payload);
      case 'logs':
        return this.appendToFile(target, payload);
      default:
        throw new DeliveryError('NO_RESOURCE', `target kind ${target.kind} is not delivered locally`);
    }
  }

  private appendToFile(target: LocalTarget, payload: unknown): void {
    if (!this.options.outputDir) return;
    const dir = path.join(this.options.outputDir, target.kind === 'logs' ? 'logs' : 'queues');
    const name = target.arn
      .replace(/:\*$/, '') // a log group's `Arn` attribute ends in `:*`; its name does not
      .split(':')
      .slice(target.kind === 'logs' ? 6 : 5)
      .join(':');
    this.files.append(path.join(dir, `${fileName(name)}.ndjson`), `${JSON.stringify(payload)}\n`);
  }
}
