import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalLambdaRuntime } from '#lib/local/lambda/lambda-runtime.ts';
import { SqsBroker } from '#lib/local/sqs/broker.ts';
import { SqsEventSource } from '#lib/local/sqs/event-source.ts';
import type { LocalSqsQueue } from '#lib/local/sqs/queue.ts';
import { type LocalSqsServer, startLocalSqs } from '#lib/local/sqs/server.ts';
import type { LocalEventSourceMapping, QueueSettings } from '#lib/local/topology.ts';
import { queueDef } from './support.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BUILD_DIR = path.join(HERE, '.build');

interface Forwarded {
  body: string;
  receiveCount: string;
  group?: string;
  source: string;
  kind?: string;
  batch: number;
}

/** Polls `check` until it returns a value, or fails after `ms` (a real server and worker are involved). */
async function eventually<T>(check: () => T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Takes every message a queue holds now, deleting them. */
function drain(queue: LocalSqsQueue): string[] {
  const bodies: string[] = [];
  for (let batch = queue.receive({ max: 10 }); batch.length > 0; batch = queue.receive({ max: 10 })) {
    for (const message of batch) {
      bodies.push(message.body);
      queue.delete(message.receiptHandle as string);
    }
  }
  return bodies;
}

describe('Class: SqsEventSource (with a real bundle)', () => {
  let broker: SqsBroker;
  let server: LocalSqsServer;
  let lambda: LocalLambdaRuntime;
  let out: LocalSqsQueue;
  let forwarded: Forwarded[];
  let source: SqsEventSource | undefined;

  beforeAll(async () => {
    await build({
      entryPoints: [path.join(HERE, 'fixtures', 'consumer.ts')],
      outfile: path.join(BUILD_DIR, 'consumer', 'index.mjs'),
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      external: ['@aws-sdk/*'],
      logLevel: 'silent',
    });
    broker = new SqsBroker();
    server = await startLocalSqs(broker);
    out = broker.add(queueDef('out', {}, server.endpoint));
    lambda = new LocalLambdaRuntime({
      functions: [
        {
          logicalId: 'ConsumerFunction',
          name: 'consumer',
          arn: 'arn:aws:lambda:us-east-1:000000000000:function:consumer',
          codeDir: path.join(BUILD_DIR, 'consumer'),
          handler: 'index.handler',
          runtime: 'nodejs22.x',
          timeoutSeconds: 10,
          memoryMb: 256,
          environment: { OUT_QUEUE_URL: out.url },
        },
      ],
      baseEnvironment: {
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_ENDPOINT_URL_SQS: server.endpoint,
      },
      onLog: () => {},
    });
  });

  afterEach(async () => {
    await source?.stop();
    source = undefined;
    drain(out);
    forwarded = [];
  });

  afterAll(async () => {
    await lambda.close();
    broker.close();
    await server.close();
    await rm(BUILD_DIR, { recursive: true, force: true });
  });

  /** A queue with a 1 s visibility timeout whose messages move to `<name>-dlq` after `maxReceiveCount` receives. */
  function queueWithDlq(name: string, maxReceiveCount: number, settings: Partial<QueueSettings> = {}) {
    const fifo = name.endsWith('.fifo');
    const dlq = broker.add(
      queueDef(fifo ? `${name.slice(0, -5)}-dlq.fifo` : `${name}-dlq`, {}, server.endpoint),
    );
    const queue = broker.add(
      queueDef(
        name,
        {
          visibilityTimeout: 1,
          redrivePolicy: { deadLetterTargetArn: dlq.arn, maxReceiveCount },
          ...settings,
        },
        server.endpoint,
      ),
    );
    return { queue, dlq };
  }

  function run(queue: LocalSqsQueue, mapping: Partial<LocalEventSourceMapping> = {}): void {
    source = new SqsEventSource({
      mapping: {
        logicalId: 'Mapping',
        functionId: 'ConsumerFunction',
        queueArn: queue.arn,
        batchSize: 10,
        maximumBatchingWindowInSeconds: 0,
        reportBatchItemFailures: true,
        enabled: true,
        ...mapping,
      },
      queue,
      invoker: lambda,
      clock: broker.clock,
      region: 'us-east-1',
      functionTimeoutSeconds: 10,
    });
    source.start();
  }

  function collect(count: number): Promise<Forwarded[]> {
    forwarded ??= [];
    return eventually(() => {
      forwarded.push(...drain(out).map((body) => JSON.parse(body) as Forwarded));
      return forwarded.length >= count ? forwarded : undefined;
    });
  }

  it('deletes what succeeded and dead-letters a reported failure after maxReceiveCount', async () => {
    // Prepare
    const { queue, dlq } = queueWithDlq('partial', 2);
    queue.send({ body: 'ok-1', attributes: { kind: { DataType: 'String', StringValue: 'k' } } });
    queue.send({ body: 'fail-1' });
    queue.send({ body: 'ok-2' });

    // Act
    run(queue);
    const got = await collect(2);
    const dead = await eventually(() => {
      const bodies = drain(dlq);
      return bodies.length > 0 ? bodies : undefined;
    });

    // Assess
    expect(got.map((f) => f.body).sort()).toEqual(['ok-1', 'ok-2']);
    expect(got.every((f) => f.receiveCount === '1' && f.source === queue.arn)).toBe(true);
    expect(got.find((f) => f.body === 'ok-1')?.kind).toBe('k');
    expect(dead).toEqual(['fail-1']);
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('returns the whole batch when the function throws', async () => {
    const { queue, dlq } = queueWithDlq('throwing', 1);
    queue.send({ body: 'throw' });

    run(queue);
    const dead = await eventually(() => {
      const bodies = drain(dlq);
      return bodies.length > 0 ? bodies : undefined;
    });

    expect(dead).toEqual(['throw']);
  });

  it('gathers up to BatchSize messages within the batching window', async () => {
    const { queue } = queueWithDlq('windowed', 5);
    for (let i = 0; i < 12; i++) queue.send({ body: `m${i}` });

    run(queue, { batchSize: 12, maximumBatchingWindowInSeconds: 1, maximumConcurrency: 2 });
    const got = await collect(12);

    expect(got.map((f) => f.batch)).toContain(12);
    expect(got.map((f) => f.receiveCount)).toEqual(Array(12).fill('1'));
  });

  it('keeps a FIFO group in order: after a failure, the rest of the group waits and comes back in order', async () => {
    // Prepare
    const { queue, dlq } = queueWithDlq('ordered.fifo', 3);
    for (const body of ['a1', 'fail-once-a2', 'a3']) queue.send({ body, groupId: 'a' });
    queue.send({ body: 'b1', groupId: 'b' });

    // Act
    run(queue, { maximumConcurrency: 2 });
    const got = await collect(4);

    // Assess
    const groupA = got.filter((f) => f.group === 'a').map((f) => f.body);
    expect(groupA).toEqual(['a1', 'fail-once-a2', 'a3']);
    expect(got.find((f) => f.body === 'a3')?.receiveCount).toBe('2');
    expect(got.find((f) => f.body === 'b1')?.group).toBe('b');
    expect(drain(dlq)).toEqual([]);
  });
});
