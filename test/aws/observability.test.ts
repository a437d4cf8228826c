import { readFileSync } from 'node:fs';
import path from 'node:path';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROJECT_ROOT } from '#infra/constructs/vigil-function.ts';
import { createLogger, createMetrics, metricSink, powertools } from '#lib/aws/observability.ts';
import { METRICS_NAMESPACE, SERVICE_METRICS } from '#lib/core/metrics.ts';

const context = { functionName: 'replay', awsRequestId: 'r-1' } as Context;
let written: string[];

beforeEach(() => {
  written = [];
  const capture = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  vi.spyOn(console, 'warn').mockImplementation((...args) => capture(args.join(' ')));
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('Function: createMetrics + metricSink under the powertools middlewares', () => {
  it('writes the counts as one EMF document: namespace Vigil, dimension service, unit Count', async () => {
    // Prepare
    const metrics = createMetrics('replay');
    const sink = metricSink(metrics);
    const handler = middy(async () => {
      sink.add('eventsReplayed', 3);
      sink.add('eventsReplayed', 2);
      sink.add('replayPublishFailures', 0);
    }).use(powertools(createLogger('replay'), metrics));

    // Act
    await handler({}, context);

    // Assess
    const emf = written.map((w) => JSON.parse(w)).find((doc) => doc._aws);
    expect(emf).toMatchObject({
      service: 'replay',
      eventsReplayed: [3, 2],
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [['service']],
            Metrics: [{ Name: 'eventsReplayed', Unit: 'Count' }],
          },
        ],
      },
    });
    expect(emf).not.toHaveProperty('replayPublishFailures');
  });

  it('writes nothing, not even a warning, after an invocation that counted nothing', async () => {
    // Prepare
    const metrics = createMetrics('replay');
    const handler = middy(async () => 'read only').use(powertools(createLogger('replay'), metrics));

    // Act
    await handler({}, context);

    // Assess
    expect(written).toEqual([]);
  });
});

describe('Functions: every one that counts flushes its metrics (powertools) under its own service name', () => {
  it.each(Object.keys(SERVICE_METRICS))('functions/%s/handler.ts', (service) => {
    // Prepare
    const source = readFileSync(path.join(PROJECT_ROOT, 'functions', service, 'handler.ts'), 'utf8');

    // Assess: the service dimension the dashboard reads is the folder name.
    expect(source).toContain(`createMetrics('${service}')`);
    expect(source).toContain('.use(powertools(logger, metrics))');
    expect(source).toContain('metricSink(metrics)');
  });
});
