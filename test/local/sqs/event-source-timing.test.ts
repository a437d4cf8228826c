import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqsBroker } from '#lib/local/sqs/broker.ts';
import { SqsEventSource } from '#lib/local/sqs/event-source.ts';
import type { LocalSqsQueue } from '#lib/local/sqs/queue.ts';
import type { InvokeResult, Invoker, LocalEventSourceMapping } from '#lib/local/topology.ts';
import { queueDef } from './support.ts';

/** Records each batch's bodies; answers when `release()` is called (at once unless held). */
class RecordingInvoker implements Invoker {
  readonly batches: string[][] = [];
  hold = false;
  #waiting: (() => void)[] = [];

  async invoke(_ref: string, event: unknown): Promise<InvokeResult> {
    this.batches.push((event as { Records: { body: string }[] }).Records.map((r) => r.body));
    if (this.hold) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    return { ok: true, payload: null, durationMs: 1, coldStart: false, requestId: 'r' };
  }

  release(): void {
    for (const resolve of this.#waiting.splice(0)) resolve();
  }
}

describe('Class: SqsEventSource (fake time)', () => {
  let broker: SqsBroker;
  let queue: LocalSqsQueue;
  let invoker: RecordingInvoker;
  let source: SqsEventSource | undefined;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-27T10:00:00Z') });
    broker = new SqsBroker();
    queue = broker.add(queueDef('work', { visibilityTimeout: 60 }));
    invoker = new RecordingInvoker();
  });

  afterEach(async () => {
    invoker.release();
    const stopping = source?.stop();
    await vi.advanceTimersByTimeAsync(0);
    await stopping;
    broker.close();
    vi.useRealTimers();
  });

  function start(mapping: Partial<LocalEventSourceMapping> = {}): void {
    source = new SqsEventSource({
      mapping: {
        logicalId: 'Mapping',
        functionId: 'Fn',
        queueArn: queue.arn,
        batchSize: 5,
        maximumBatchingWindowInSeconds: 0,
        reportBatchItemFailures: false,
        enabled: true,
        ...mapping,
      },
      queue,
      invoker,
      clock: broker.clock,
      region: 'us-east-1',
    });
    source.start();
  }

  it('waits up to the batching window for more messages before invoking', async () => {
    // Prepare
    start({ maximumBatchingWindowInSeconds: 2 });
    queue.send({ body: 'first' });

    // Act
    await vi.advanceTimersByTimeAsync(1_000);
    const duringWindow = invoker.batches.length;
    queue.send({ body: 'second' });
    await vi.advanceTimersByTimeAsync(1_000);

    // Assess
    expect(duringWindow).toBe(0);
    expect(invoker.batches).toEqual([['first', 'second']]);
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('invokes at once with what it has when there is no window', async () => {
    start();
    queue.send({ body: 'only' });

    await vi.advanceTimersByTimeAsync(0);

    expect(invoker.batches).toEqual([['only']]);
  });

  it('adds pollers while batches are processed, up to MaximumConcurrency', async () => {
    // Prepare
    invoker.hold = true;
    start({ batchSize: 1, maximumConcurrency: 2 });

    // Act
    for (const body of ['a', 'b', 'c']) queue.send({ body });
    await vi.advanceTimersByTimeAsync(0);
    const whileHeld = invoker.batches.length;
    invoker.release();
    await vi.advanceTimersByTimeAsync(0);
    invoker.release();
    await vi.advanceTimersByTimeAsync(0);

    // Assess
    expect(whileHeld).toBe(2);
    expect(invoker.batches.flat().sort()).toEqual(['a', 'b', 'c']);
  });

  it('does not poll a disabled mapping', async () => {
    start({ enabled: false });
    queue.send({ body: 'stays' });

    await vi.advanceTimersByTimeAsync(30_000);

    expect(invoker.batches).toEqual([]);
    expect(queue.counts().visible).toBe(1);
  });
});
