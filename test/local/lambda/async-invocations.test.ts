import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AsyncInvocationLog,
  AsyncInvocations,
  type AsyncTarget,
} from '#lib/local/lambda/async-invocations.ts';
import type { InvokeResult } from '#lib/local/topology.ts';

type Outcome = 'ok' | 'fail' | 'closed';

/** Answers each call with the next scripted outcome (the last one repeats), noting when it came. */
class ScriptedTarget implements AsyncTarget {
  readonly calls: { requestId: string; at: number; event: unknown }[] = [];

  constructor(private readonly script: readonly Outcome[]) {}

  async invoke(_ref: string, event: unknown, options: { requestId: string }): Promise<InvokeResult> {
    const outcome = this.script[Math.min(this.calls.length, this.script.length - 1)] ?? 'ok';
    this.calls.push({ requestId: options.requestId, at: Date.now(), event });
    const base = { durationMs: 1, coldStart: false, requestId: options.requestId };
    if (outcome === 'ok') return { ok: true, payload: null, ...base };
    const error =
      outcome === 'closed'
        ? { errorType: 'LocalRuntime.Closed', errorMessage: 'closed' }
        : { errorType: 'Error', errorMessage: 'boom' };
    return { ok: false, error, ...base };
  }
}

let log: AsyncInvocationLog[];
let queue: AsyncInvocations | undefined;

function start(target: AsyncTarget, retryDelaysMs?: readonly number[]): AsyncInvocations {
  queue = new AsyncInvocations({
    target,
    ...(retryDelaysMs ? { retryDelaysMs } : {}),
    onEvent: (line) => log.push(line),
  });
  return queue;
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-14T09:00:00Z') });
  log = [];
});

afterEach(() => {
  queue?.close();
  vi.useRealTimers();
});

describe('Class: AsyncInvocations', () => {
  it('retries a failing invocation as Lambda does: after 1 minute, then 2 more, with the same request id', async () => {
    // Prepare
    const target = new ScriptedTarget(['fail']);
    const queued = start(target);

    // Act
    const requestId = queued.enqueue('vigil-sweeper', { n: 1 }, 'request-1');
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    await queued.idle();

    // Assess
    expect(requestId).toBe('request-1');
    const started = Date.parse('2026-03-14T09:00:00Z');
    expect(target.calls.map((c) => [c.requestId, c.at - started])).toEqual([
      ['request-1', 0],
      ['request-1', 60_000],
      ['request-1', 180_000],
    ]);
    expect(log.map((l) => [l.outcome, l.attempt, l.error])).toEqual([
      ['retrying', 0, 'Error: boom'],
      ['retrying', 1, 'Error: boom'],
      ['dropped', 2, 'Error: boom'],
    ]);
  });

  it('stops retrying once an attempt succeeds', async () => {
    // Prepare
    const target = new ScriptedTarget(['fail', 'ok']);
    const queued = start(target, [5, 10]);

    // Act
    queued.enqueue('vigil-sweeper', {});
    await vi.advanceTimersByTimeAsync(100);

    // Assess
    expect(target.calls).toHaveLength(2);
    expect(log.map((l) => l.outcome)).toEqual(['retrying', 'succeeded']);
  });

  it('gives each invocation a new request id when the caller has none', () => {
    // Prepare
    const queued = start(new ScriptedTarget(['ok']));

    // Act
    const ids = [queued.enqueue('f', {}), queued.enqueue('f', {})];

    // Assess
    expect(new Set(ids).size).toBe(2);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('cancels waiting retries on close, and does not retry what the closed runtime refused', async () => {
    // Prepare
    const failing = new ScriptedTarget(['fail']);
    const refused = new ScriptedTarget(['closed']);
    const first = start(failing);
    first.enqueue('f', {});
    await vi.advanceTimersByTimeAsync(0);
    const second = new AsyncInvocations({ target: refused, onEvent: (line) => log.push(line) });
    second.enqueue('f', {});

    // Act
    first.close();
    await first.idle();
    await second.idle();

    // Assess
    expect(vi.getTimerCount()).toBe(0);
    expect(failing.calls).toHaveLength(1);
    expect(refused.calls).toHaveLength(1);
    expect(log.map((l) => l.outcome)).toEqual(['retrying']);
  });
});
