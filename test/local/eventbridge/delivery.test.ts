import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadLetterStore } from '#lib/local/eventbridge/dead-letters.ts';
import { type DeliveryLog, type DeliveryOptions, TargetDelivery } from '#lib/local/eventbridge/delivery.ts';
import type { BusEvent } from '#lib/local/eventbridge/input.ts';
import type { InvokeResult, Invoker, LocalRule, LocalTarget } from '#lib/local/topology.ts';

type Outcome = 'ok' | { readonly errorType: string; readonly errorMessage: string };

/** Test double of the function runtime: answers each call with the next scripted outcome (the last one repeats). */
class ScriptedInvoker implements Invoker {
  readonly calls: { functionRef: string; event: unknown }[] = [];
  /** Runs before each answer (to move a clock, or hold the call). */
  beforeAnswer: () => Promise<void> | void = () => undefined;

  constructor(private readonly script: readonly Outcome[]) {}

  async invoke(functionRef: string, event: unknown): Promise<InvokeResult> {
    const outcome = this.script[Math.min(this.calls.length, this.script.length - 1)] ?? 'ok';
    this.calls.push({ functionRef, event });
    await this.beforeAnswer();
    const base = { durationMs: 1, coldStart: false, requestId: `request-${this.calls.length}` };
    return outcome === 'ok' ? { ok: true, payload: null, ...base } : { ok: false, error: outcome, ...base };
  }
}

const TIMEOUT = { errorType: 'TimeoutError', errorMessage: 'Task timed out after 3.00 seconds' };
const DLQ_ARN = 'arn:aws:sqs:us-east-1:123456789012:vigil-target-dlq';

const EVENT: BusEvent = {
  version: '0',
  id: '5f0f3a4c-9a51-4b8e-8d0f-2c0b1f6f2a10',
  'detail-type': 'Signal',
  source: 'vigil.ingest',
  account: '123456789012',
  time: '2026-03-14T09:26:53Z',
  region: 'us-east-1',
  resources: [],
  detail: { id: 'sig-1', state: 'open' },
};

function target(extra: Partial<LocalTarget> = {}): LocalTarget {
  return {
    id: 'Consumer',
    arn: 'arn:aws:lambda:us-east-1:123456789012:function:Vigil-Consumer',
    kind: 'lambda',
    resourceId: 'ConsumerFunction',
    retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
    deadLetterArn: DLQ_ARN,
    ...extra,
  };
}

function rule(t: LocalTarget): LocalRule {
  return {
    logicalId: 'SignalsRule',
    name: 'Vigil-SignalsRule',
    arn: 'arn:aws:events:us-east-1:123456789012:rule/vigil/Vigil-SignalsRule',
    busName: 'vigil',
    eventPattern: { source: ['vigil.ingest'] },
    enabled: true,
    targets: [t],
  };
}

let dir: string;
let deliveries: TargetDelivery[];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigil-delivery-'));
  deliveries = [];
});

afterEach(() => {
  for (const delivery of deliveries) delivery.close();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function setUp(invoker: Invoker, extra: Partial<DeliveryOptions> = {}) {
  const deadLetters = new DeadLetterStore(path.join(dir, 'dead-letters.json'));
  const logs: DeliveryLog[] = [];
  const delivery = new TargetDelivery({
    invoker,
    deadLetters,
    outputDir: path.join(dir, 'out'),
    retryBaseMs: 1,
    onEvent: (line) => logs.push(line),
    ...extra,
  });
  deliveries.push(delivery);
  return { delivery, deadLetters, logs };
}

describe('Class: TargetDelivery', () => {
  it('delivers the event to the function on the first attempt', async () => {
    // Prepare
    const invoker = new ScriptedInvoker(['ok']);
    const { delivery, deadLetters, logs } = setUp(invoker);
    const t = target();

    // Act
    delivery.dispatch(EVENT, rule(t), t);
    await delivery.idle();

    // Assess
    expect(invoker.calls).toEqual([{ functionRef: 'ConsumerFunction', event: EVENT }]);
    expect(logs).toEqual([
      {
        outcome: 'delivered',
        eventId: EVENT.id,
        ruleName: 'Vigil-SignalsRule',
        targetId: 'Consumer',
        attempt: 0,
      },
    ]);
    expect(deadLetters.list()).toEqual([]);
  });

  it('delivers the input the target asks for', async () => {
    // Prepare
    const invoker = new ScriptedInvoker(['ok']);
    const { delivery } = setUp(invoker);
    const t = target({ inputPath: '$.detail' });

    // Act
    delivery.dispatch(EVENT, rule(t), t);
    await delivery.idle();

    // Assess
    expect(invoker.calls.map((c) => c.event)).toEqual([EVENT.detail]);
  });

  it('retries a failing function and delivers on the third attempt without a dead letter', async () => {
    // Prepare
    const invoker = new ScriptedInvoker([TIMEOUT, TIMEOUT, 'ok']);
    const { delivery, deadLetters, logs } = setUp(invoker);
    const t = target();

    // Act
    delivery.dispatch(EVENT, rule(t), t);
    await delivery.idle();

    // Assess
    expect(invoker.calls).toHaveLength(3);
    expect(logs.map((l) => [l.outcome, l.attempt])).toEqual([
      ['retrying', 0],
      ['retrying', 1],
      ['delivered', 2],
    ]);
    expect(logs[0]?.error).toBe('TimeoutError: Task timed out after 3.00 seconds');
    expect(deadLetters.list()).toEqual([]);
  });

  it.each([0, 1, 3])(
    'with MaximumRetryAttempts %i, attempts 1 + that many times then dead-letters the event',
    async (maximumRetryAttempts) => {
      // Prepare
      const invoker = new ScriptedInvoker([TIMEOUT]);
      const { delivery, deadLetters, logs } = setUp(invoker);
      const t = target({ retryPolicy: { maximumRetryAttempts, maximumEventAgeInSeconds: 3600 } });

      // Act
      delivery.dispatch(EVENT, rule(t), t);
      await delivery.idle();

      // Assess
      expect(invoker.calls).toHaveLength(1 + maximumRetryAttempts);
      expect(deadLetters.list()).toEqual([
        {
          id: expect.any(String),
          queueArn: DLQ_ARN,
          event: EVENT,
          ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/vigil/Vigil-SignalsRule',
          targetArn: t.arn,
          errorCode: 'TimeoutError',
          errorMessage: 'TimeoutError: Task timed out after 3.00 seconds',
          exhaustedRetryCondition: 'MaximumRetryAttempts',
          retryAttempts: maximumRetryAttempts,
          deadLetteredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        },
      ]);
      expect(logs.at(-1)).toMatchObject({ outcome: 'dead-lettered', attempt: maximumRetryAttempts });
      expect(logs.filter((l) => l.outcome === 'retrying')).toHaveLength(maximumRetryAttempts);
    },
  );

  it('dead-letters with MaximumEventAgeInSeconds when the event gets too old first', async () => {
    // Prepare: every attempt takes 40 s of the injected clock; the event may be 60 s old
    let clock = Date.parse('2026-03-14T09:00:00Z');
    const invoker = new ScriptedInvoker([TIMEOUT]);
    invoker.beforeAnswer = () => {
      clock += 40_000;
    };
    const { delivery, deadLetters, logs } = setUp(invoker, { now: () => clock });
    const t = target({ retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 60 } });

    // Act
    delivery.dispatch(EVENT, rule(t), t);
    await delivery.idle();

    // Assess
    expect(invoker.calls).toHaveLength(2);
    expect(deadLetters.list()).toEqual([
      expect.objectContaining({
        exhaustedRetryCondition: 'MaximumEventAgeInSeconds',
        retryAttempts: 1,
        errorCode: 'TimeoutError',
      }),
    ]);
    expect(logs.map((l) => l.outcome)).toEqual(['retrying', 'dead-lettered']);
  });

  it('drops the event and logs it when the target has no dead-letter queue', async () => {
    // Prepare
    const invoker = new ScriptedInvoker([TIMEOUT]);
    const { delivery, deadLetters, logs } = setUp(invoker);
    const { deadLetterArn: _dlq, ...withoutDlq } = target({
      retryPolicy: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 3600 },
    });

    // Act
    delivery.dispatch(EVENT, rule(withoutDlq), withoutDlq);
    await delivery.idle();

    // Assess
    expect(invoker.calls).toHaveLength(2);
    expect(deadLetters.list()).toEqual([]);
    expect(logs.at(-1)).toEqual({
      outcome: 'dropped',
      eventId: EVENT.id,
      ruleName: 'Vigil-SignalsRule',
      targetId: 'Consumer',
      attempt: 1,
      error: 'TimeoutError: Task timed out after 3.00 seconds',
    });
  });

  it.each([
    ['a log group', 'logs', 'arn:aws:logs:us-east-1:123456789012:log-group:vigil-audit', 'logs/vigil-audit'],
    [
      'a log group (Arn attribute)',
      'logs',
      'arn:aws:logs:us-east-1:123456789012:log-group:vigil-audit:*',
      'logs/vigil-audit',
    ],
    [
      'a nested log group name',
      'logs',
      'arn:aws:logs:us-east-1:123456789012:log-group:/vigil-local/Vigil/Audit',
      'logs/vigil-local_Vigil_Audit',
    ],
    ['a queue', 'sqs', 'arn:aws:sqs:us-east-1:123456789012:vigil-orders', 'queues/vigil-orders'],
  ] as const)('writes one NDJSON line per event for %s target', async (_case, kind, arn, file) => {
    // Prepare
    const invoker = new ScriptedInvoker(['ok']);
    const { delivery, logs } = setUp(invoker);
    const t = target({ id: 'Audit', kind, arn, resourceId: 'AuditLog' });
    const second = { ...EVENT, id: 'second-event' };

    // Act
    delivery.dispatch(EVENT, rule(t), t);
    await delivery.idle();
    delivery.dispatch(second, rule(t), t);
    await delivery.idle();

    // Assess
    const lines = readFileSync(path.join(dir, 'out', `${file}.ndjson`), 'utf8').split('\n');
    expect(lines.map((line) => (line ? JSON.parse(line) : line))).toEqual([EVENT, second, '']);
    expect(invoker.calls).toEqual([]);
    expect(logs.map((l) => l.outcome)).toEqual(['delivered', 'delivered']);
  });

  it('dead-letters a target kind it cannot deliver with NO_RESOURCE', async () => {
    // Prepare
    const invoker = new ScriptedInvoker(['ok']);
    const { delivery, deadLetters } = setUp(invoker);
    const t = target({
      kind: 'events',
      arn: 'arn:aws:events:us-east-1:123456789012:event-bus/other',
      retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 3600 },
    });

    // Act
    delivery.dispatch(EVENT, rule(t), t);
    await delivery.idle();

    // Assess
    expect(deadLetters.list()).toEqual([
      expect.objectContaining({ errorCode: 'NO_RESOURCE', retryAttempts: 0 }),
    ]);
  });

  it('abandons a retry waiting for its backoff when closed', async () => {
    // Prepare: a backoff of about half an hour
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const invoker = new ScriptedInvoker([TIMEOUT, 'ok']);
    const { delivery, deadLetters, logs } = setUp(invoker, {
      retryBaseMs: 3_600_000,
      retryMaxMs: 3_600_000,
    });
    const t = target();
    delivery.dispatch(EVENT, rule(t), t);
    await vi.waitFor(() => expect(logs.map((l) => l.outcome)).toEqual(['retrying']));

    // Act
    delivery.close();
    await delivery.idle();

    // Assess
    expect(invoker.calls).toHaveLength(1);
    expect(deadLetters.list()).toEqual([]);
    expect(logs.map((l) => l.outcome)).toEqual(['retrying']);
  });

  it('does not retry a delivery that fails while closing', async () => {
    // Prepare: the first attempt is held until the delivery is closed
    let release: () => void = () => undefined;
    const invoker = new ScriptedInvoker([TIMEOUT, 'ok']);
    invoker.beforeAnswer = () => new Promise<void>((resolve) => (release = resolve));
    const { delivery, deadLetters } = setUp(invoker);
    const t = target();
    delivery.dispatch(EVENT, rule(t), t);
    await vi.waitFor(() => expect(invoker.calls).toHaveLength(1));

    // Act
    delivery.close();
    release();
    await delivery.idle();

    // Assess
    expect(invoker.calls).toHaveLength(1);
    expect(deadLetters.list()).toEqual([]);
  });

  it('keeps dead letters in the store file', async () => {
    // Prepare
    const invoker = new ScriptedInvoker([TIMEOUT]);
    const { delivery } = setUp(invoker);
    const t = target({ retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 3600 } });

    // Act
    delivery.dispatch(EVENT, rule(t), t);
    await delivery.idle();

    // Assess
    const file = path.join(dir, 'dead-letters.json');
    expect(existsSync(file)).toBe(true);
    expect(new DeadLetterStore(file).list()).toEqual([
      expect.objectContaining({ queueArn: DLQ_ARN, event: EVENT }),
    ]);
  });
});
