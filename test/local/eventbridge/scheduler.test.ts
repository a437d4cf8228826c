import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalEventBus } from '#lib/local/eventbridge/bus.ts';
import { DeadLetterStore } from '#lib/local/eventbridge/dead-letters.ts';
import { TargetDelivery } from '#lib/local/eventbridge/delivery.ts';
import type { BusEvent } from '#lib/local/eventbridge/input.ts';
import { ScheduleDisabledError, ScheduleNotFoundError } from '#lib/local/eventbridge/schedule-errors.ts';
import { scheduledEvent } from '#lib/local/eventbridge/scheduled-event.ts';
import { LocalScheduler, type ScheduleFired } from '#lib/local/eventbridge/scheduler.ts';
import type { InvokeResult, Invoker, LocalRule, LocalTarget } from '#lib/local/topology.ts';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const START = new Date('2026-03-14T09:26:53.250Z');
const MINUTE = 60_000;

/** Records what each function receives; the functions in `failing` answer an error. */
class RecordingInvoker implements Invoker {
  readonly calls: { functionRef: string; event: unknown }[] = [];
  readonly failing = new Set<string>();

  async invoke(functionRef: string, event: unknown): Promise<InvokeResult> {
    this.calls.push({ functionRef, event });
    const base = { durationMs: 1, coldStart: false, requestId: `request-${this.calls.length}` };
    return this.failing.has(functionRef)
      ? { ok: false, error: { errorType: 'Error', errorMessage: 'sweeper is down' }, ...base }
      : { ok: true, payload: null, ...base };
  }
}

function target(extra: Partial<LocalTarget> = {}): LocalTarget {
  return {
    id: 'Target0',
    arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:Vigil-Sweeper`,
    kind: 'lambda',
    resourceId: 'SweeperFunction',
    retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
    ...extra,
  };
}

function scheduledRule(name: string, scheduleExpression: string, extra: Partial<LocalRule> = {}): LocalRule {
  return {
    logicalId: `${name}1A2B3C4D`,
    name: `Vigil-${name}`,
    arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/Vigil-${name}`,
    busName: 'default',
    scheduleExpression,
    enabled: true,
    targets: [target()],
    ...extra,
  };
}

let invoker: RecordingInvoker;
let deadLetters: DeadLetterStore;
let delivery: TargetDelivery;
let fired: ScheduleFired[];
let scheduler: LocalScheduler | undefined;

function start(rules: readonly LocalRule[], { timers = true } = {}): LocalScheduler {
  scheduler = new LocalScheduler({
    rules,
    region: REGION,
    accountId: ACCOUNT,
    delivery,
    onFire: (line) => fired.push(line),
  });
  if (timers) scheduler.start();
  return scheduler;
}

const times = () => fired.map((f) => f.event.time);

beforeEach(() => {
  vi.useFakeTimers({ now: START });
  invoker = new RecordingInvoker();
  deadLetters = new DeadLetterStore(undefined);
  delivery = new TargetDelivery({ invoker, deadLetters, outputDir: undefined, retryBaseMs: 10 });
  fired = [];
});

afterEach(() => {
  scheduler?.stop();
  scheduler = undefined;
  delivery.close();
  vi.useRealTimers();
});

describe('Function: scheduledEvent', () => {
  it('shapes the event as EventBridge\'s "Scheduled Event", timed at the tick in whole seconds', () => {
    // Act
    const event = scheduledEvent(scheduledRule('Sweep', 'rate(1 minute)'), START.getTime(), {
      region: REGION,
      accountId: ACCOUNT,
    });

    // Assess
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(UUID),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: ACCOUNT,
      time: '2026-03-14T09:26:53Z',
      region: REGION,
      resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/Vigil-Sweep`],
      detail: {},
    });
    expect(Object.keys(event)).toEqual([
      'version',
      'id',
      'detail-type',
      'source',
      'account',
      'time',
      'region',
      'resources',
      'detail',
    ]);
  });
});

describe('Class: LocalScheduler', () => {
  it('fires a rate schedule one period after start, then every period', async () => {
    // Prepare
    start([scheduledRule('Sweep', 'rate(5 minutes)')]);

    // Act
    await vi.advanceTimersByTimeAsync(5 * MINUTE - 1);
    const beforeFirstPeriod = times();
    await vi.advanceTimersByTimeAsync(10 * MINUTE + 1);

    // Assess
    expect(beforeFirstPeriod).toEqual([]);
    expect(times()).toEqual(['2026-03-14T09:31:53Z', '2026-03-14T09:36:53Z', '2026-03-14T09:41:53Z']);
  });

  it('fires a cron schedule on its UTC minutes', async () => {
    // Prepare
    start([scheduledRule('Quarterly', 'cron(0/15 * * * ? *)')]);

    // Act
    await vi.advanceTimersByTimeAsync(20 * MINUTE);

    // Assess
    expect(times()).toEqual(['2026-03-14T09:30:00Z', '2026-03-14T09:45:00Z']);
    expect(fired.every((f) => f.trigger === 'timer')).toBe(true);
  });

  it('fires a schedule longer than the longest timer (rate(30 days)) on time', async () => {
    // Prepare
    start([scheduledRule('Monthly', 'rate(30 days)')]);

    // Act
    await vi.advanceTimersByTimeAsync(30 * 24 * 60 * MINUTE - 1);
    const early = times();
    await vi.advanceTimersByTimeAsync(1);

    // Assess
    expect(early).toEqual([]);
    expect(times()).toEqual(['2026-04-13T09:26:53Z']);
  });

  it('delivers each tick to every target of the rule, through the target delivery', async () => {
    // Prepare
    const rule = scheduledRule('Sweep', 'rate(1 minute)', {
      targets: [target(), target({ id: 'Audit', resourceId: 'AuditFunction' })],
    });
    start([rule]);

    // Act
    await vi.advanceTimersByTimeAsync(MINUTE);
    await delivery.idle();

    // Assess
    expect(invoker.calls.map((c) => c.functionRef)).toEqual(['SweeperFunction', 'AuditFunction']);
    const [first] = fired;
    expect(invoker.calls.map((c) => c.event)).toEqual([first?.event, first?.event]);
    expect(first?.event).toMatchObject({ source: 'aws.events', 'detail-type': 'Scheduled Event' });
  });

  it("applies the target's InputTransformer to the Scheduled Event", async () => {
    // Prepare
    const rule = scheduledRule('Sweep', 'rate(1 minute)', {
      targets: [
        target({
          inputTransformer: {
            inputPathsMap: { at: '$.time', rule: '$.resources[0]' },
            inputTemplate: '{"sweepAt": <at>, "rule": <rule>, "name": "<aws.events.rule-name>"}',
          },
        }),
      ],
    });
    start([rule]);

    // Act
    await vi.advanceTimersByTimeAsync(MINUTE);
    await delivery.idle();

    // Assess
    expect(invoker.calls[0]?.event).toEqual({
      sweepAt: '2026-03-14T09:27:53Z',
      rule: rule.arn,
      name: 'Vigil-Sweep',
    });
  });

  it('retries a failing target as its RetryPolicy says, then dead-letters the Scheduled Event', async () => {
    // Prepare
    invoker.failing.add('SweeperFunction');
    const dlq = `arn:aws:sqs:${REGION}:${ACCOUNT}:Vigil-Dlq`;
    start([scheduledRule('Sweep', 'rate(1 hour)', { targets: [target({ deadLetterArn: dlq })] })]);

    // Act
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    await vi.advanceTimersByTimeAsync(1_000);
    await delivery.idle();

    // Assess: 1 attempt + 2 retries
    expect(invoker.calls).toHaveLength(3);
    expect(deadLetters.list(dlq)).toEqual([
      expect.objectContaining({
        event: fired[0]?.event,
        ruleArn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/Vigil-Sweep`,
        exhaustedRetryCondition: 'MaximumRetryAttempts',
        retryAttempts: 2,
      }),
    ]);
  });

  it('never fires a disabled rule, on its timer or by hand', async () => {
    // Prepare
    const rule = scheduledRule('Sweep', 'rate(1 minute)', { enabled: false });
    const running = start([rule]);

    // Act
    await vi.advanceTimersByTimeAsync(10 * MINUTE);

    // Assess
    expect(fired).toEqual([]);
    expect(() => running.fire(rule.name)).toThrow(ScheduleDisabledError);
    expect(running.schedules()).toEqual([
      {
        ruleName: 'Vigil-Sweep',
        ruleArn: rule.arn,
        logicalId: 'Sweep1A2B3C4D',
        scheduleExpression: 'rate(1 minute)',
        enabled: false,
      },
    ]);
  });

  it('leaves no timer behind once stopped, and fires nothing after', async () => {
    // Prepare
    const running = start([
      scheduledRule('Sweep', 'rate(1 minute)'),
      scheduledRule('Nightly', 'cron(0 2 * * ? *)'),
    ]);
    expect(vi.getTimerCount()).toBe(2);

    // Act
    running.stop();
    await vi.advanceTimersByTimeAsync(24 * 60 * MINUTE);

    // Assess
    expect(vi.getTimerCount()).toBe(0);
    expect(fired).toEqual([]);
    expect(running.schedules().map((s) => s.nextFireAt)).toEqual([undefined, undefined]);
  });

  it('fires a rule by hand, timed now, by name, logical id or ARN, with timers off', async () => {
    // Prepare
    const rule = scheduledRule('Sweep', 'cron(0 2 * * ? *)');
    const idle = start([rule], { timers: false });

    // Act
    const events: BusEvent[] = [rule.name, rule.logicalId, rule.arn].map((ref) => idle.fire(ref));
    await delivery.idle();

    // Assess
    expect(vi.getTimerCount()).toBe(0);
    expect(events.map((e) => e.time)).toEqual(Array(3).fill('2026-03-14T09:26:53Z'));
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    expect(invoker.calls.map((c) => c.event)).toEqual(events);
    expect(fired.map((f) => f.trigger)).toEqual(['manual', 'manual', 'manual']);
  });

  it('refuses to fire a rule it does not know, or a rule with a pattern only', () => {
    // Prepare
    const patternOnly: LocalRule = {
      ...scheduledRule('Signals', 'rate(1 minute)'),
      scheduleExpression: undefined,
      eventPattern: { source: ['vigil.ingest'] },
    };
    const running = start([patternOnly]);

    // Act / Assess
    expect(() => running.fire('Vigil-Signals')).toThrow(ScheduleNotFoundError);
    expect(() => running.fire('nope')).toThrow('No scheduled rule nope');
  });

  it('lists each schedule with its next fire time', () => {
    // Act
    const running = start([
      scheduledRule('Sweep', 'rate(5 minutes)'),
      scheduledRule('Nightly', 'cron(0 2 * * ? *)'),
    ]);

    // Assess
    expect(running.schedules().map((s) => [s.ruleName, s.nextFireAt])).toEqual([
      ['Vigil-Sweep', '2026-03-14T09:31:53.250Z'],
      ['Vigil-Nightly', '2026-03-15T02:00:00.000Z'],
    ]);
  });
});

describe('Class: LocalEventBus with scheduled rules', () => {
  it('matches a rule with both a pattern and a schedule on events, and fires it on its schedule', async () => {
    // Prepare
    const rule = scheduledRule('Both', 'rate(1 minute)', { eventPattern: { source: ['vigil.ingest'] } });
    const running = start([rule]);
    const bus = new LocalEventBus({
      buses: [],
      rules: [rule],
      region: REGION,
      accountId: ACCOUNT,
      delivery,
      deadLetters,
      scheduler: running,
    });

    // Act
    bus.putEvents([{ Source: 'vigil.ingest', DetailType: 'reading', Detail: '{}' }]);
    const byHand = bus.fireSchedule(rule.name);
    await vi.advanceTimersByTimeAsync(MINUTE);
    await delivery.idle();

    // Assess
    const sources = invoker.calls.map((c) => (c.event as BusEvent).source);
    expect(sources).toEqual(['vigil.ingest', 'aws.events', 'aws.events']);
    expect(invoker.calls[1]?.event).toEqual(byHand);
    expect(bus.schedules().map((s) => s.ruleName)).toEqual(['Vigil-Both']);
  });

  it('answers ScheduleNotFoundError when it has no scheduler', () => {
    // Prepare
    const bus = new LocalEventBus({
      buses: [],
      rules: [],
      region: REGION,
      accountId: ACCOUNT,
      delivery,
      deadLetters,
    });

    // Act / Assess
    expect(() => bus.fireSchedule('Vigil-Sweep')).toThrow(ScheduleNotFoundError);
    expect(bus.schedules()).toEqual([]);
  });
});
