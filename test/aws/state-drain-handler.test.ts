import type { EventBridgeEvent, SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStateDrainHandler } from '#lib/aws/state-drain-handler.ts';
import { createStateHandler } from '#lib/aws/state-handler.ts';
import type { Envelope } from '#lib/core/envelope.ts';
import type { Log } from '#lib/core/ingest/ports.ts';
import { ModuleService } from '#lib/core/state/service.ts';
import { armEvent, MemoryModuleStore } from '../support/memory-module-store.ts';
import { countingSink } from '../support/metrics.ts';

const WINDOW_MS = 2_000;

function silentLog(): Log & { errors: string[] } {
  const errors: string[] = [];
  return { debug() {}, info() {}, warn() {}, error: (message) => errors.push(message), errors };
}

/** Both handlers of the state function on one service; scheduled drains become SQS messages in a list. */
function harness() {
  const store = new MemoryModuleStore();
  const scheduled: { body: string; dueAt: number }[] = [];
  const modules = new ModuleService({
    store,
    announce: async () => {},
    newId: () => crypto.randomUUID(),
    now: Date.now,
    reorderWindowMs: WINDOW_MS,
    scheduleDrain: async (module, afterMs) => {
      scheduled.push({ body: JSON.stringify({ module }), dueAt: Date.now() + afterMs });
    },
  });
  const log = silentLog();
  const metrics = countingSink<'transitionsApplied' | 'transitionsRefused'>();
  return {
    store,
    scheduled,
    log,
    metrics,
    onEvent: createStateHandler({ modules, log, metrics }),
    onDrain: createStateDrainHandler({ modules, log, metrics }),
  };
}

function delivery(id: string, type: string, timeOffsetMs: number): EventBridgeEvent<string, Envelope> {
  return {
    detail: armEvent(id, type, new Date(Date.now() + timeOffsetMs).toISOString()),
  } as EventBridgeEvent<string, Envelope>;
}

const sqsEvent = (...bodies: string[]): SQSEvent =>
  ({ Records: bodies.map((body, i) => ({ messageId: `m${i}`, body })) }) as SQSEvent;

describe('Function: createStateDrainHandler, with the state handler (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-11-27T10:00:00.000Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns from a normal event before the window elapses, and the delayed drain applies it', async () => {
    // Prepare
    const { store, scheduled, metrics, onEvent, onDrain } = harness();
    const startedAt = Date.now();

    // Act
    const answer = await onEvent(delivery('e1', 'START', 0));

    // Assess: answered with no time passed; the drain message is due when the window ends
    expect(answer).toMatchObject({ module: 'arm', outcome: 'scheduled' });
    expect(Date.now()).toBe(startedAt);
    expect(vi.getTimerCount()).toBe(0);
    expect(scheduled.map((s) => s.dueAt - startedAt)).toEqual([WINDOW_MS]);
    vi.setSystemTime(startedAt + WINDOW_MS);
    expect(await onDrain(sqsEvent(scheduled[0]?.body ?? ''))).toEqual({ batchItemFailures: [] });
    expect(store.states.get('arm')?.version).toBe(1);
    expect(metrics.totals).toEqual({ transitionsApplied: 1, transitionsRefused: 0 });
  });

  it('drains a module once per batch however many of its messages the batch holds', async () => {
    // Prepare
    const { store, scheduled, onEvent, onDrain } = harness();
    await onEvent(delivery('e1', 'START', 0));
    await onEvent(delivery('e2', 'INIT_SUCCESS', 1));
    vi.setSystemTime(Date.now() + WINDOW_MS);

    // Act
    const answer = await onDrain(sqsEvent(...scheduled.map((s) => s.body)));

    // Assess
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(store.states.get('arm')).toMatchObject({ version: 2, state: { lifecycle: 'Active' } });
    expect(store.calls.filter((c) => c === 'inboxHead')).toHaveLength(2 + 3); // 2 at receipt, then 3 in one drain
  });

  it('drops a malformed message (logged) and reports a failed drain for retry', async () => {
    // Prepare
    const { store, log, onDrain } = harness();
    store.inboxHead = async () => {
      throw new Error('DynamoDB unavailable');
    };

    // Act
    const answer = await onDrain(sqsEvent('{"module":""}', 'not json', JSON.stringify({ module: 'arm' })));

    // Assess
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    expect(log.errors).toEqual([
      'drain message ignored',
      'drain message ignored',
      'state inbox drain failed',
    ]);
  });
});
