import { beforeAll, describe, expect, it } from 'vitest';
import { loadTopology } from '#lib/local/template/load-topology.ts';
import type { TemplateResource } from '#lib/local/template/physical-ids.ts';
import type { LocalQueue, Topology } from '#lib/local/topology.ts';
import { queueStackTemplate } from './queue-stack.ts';

const OPTIONS = {
  stackName: 'QueueProbe',
  assemblyDir: '/tmp/vigil-assembly',
  region: 'us-east-1',
  accountId: '000000000000',
  sqsEndpoint: 'http://127.0.0.1:4566',
};

describe('Function: loadTopology (queues and event source mappings)', () => {
  let resources: Record<string, TemplateResource>;
  let topology: Topology;
  const idOf = (prefix: string): string => {
    const id = Object.keys(resources).find((key) => new RegExp(`^${prefix}[0-9A-F]{8}$`).test(key));
    if (!id) throw new Error(`no resource ${prefix}*`);
    return id;
  };
  const queue = (prefix: string): LocalQueue => {
    const found = topology.queues.find((q) => q.logicalId === idOf(prefix));
    if (!found) throw new Error(`queue ${prefix} not loaded`);
    return found;
  };

  beforeAll(() => {
    // GIVEN a synthesized stack with queues, mappings and a rule targeting queues
    resources = queueStackTemplate();
    // CDK itself warns about a FIFO batch over 10: added by hand, as a template from elsewhere could hold it.
    resources.TooBig = {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: {
        FunctionName: { Ref: idOf('Consumer') },
        EventSourceArn: { 'Fn::GetAtt': [idOf('Ordered'), 'Arn'] },
        BatchSize: 20,
        MaximumBatchingWindowInSeconds: 1,
      },
    };
    // WHEN the local runtime reads it
    topology = loadTopology({ Resources: resources }, OPTIONS);
  });

  it('reads a standard queue with its settings, redrive policy and a URL on the SQS endpoint', () => {
    const work = queue('Work');
    const dlq = queue('WorkDlq');

    expect(work.url).toBe(`http://127.0.0.1:4566/000000000000/${work.name}`);
    expect(work.arn).toBe(`arn:aws:sqs:us-east-1:000000000000:${work.name}`);
    expect(work.settings).toEqual({
      fifo: false,
      contentBasedDeduplication: false,
      deduplicationScope: 'queue',
      delaySeconds: 5,
      visibilityTimeout: 60,
      messageRetentionPeriod: 345_600,
      receiveMessageWaitTimeSeconds: 20,
      maximumMessageSize: 262_144,
      redrivePolicy: { deadLetterTargetArn: dlq.arn, maxReceiveCount: 4 },
    });
    expect(dlq.settings.messageRetentionPeriod).toBe(1_209_600);
  });

  it('names an unnamed FIFO queue with the .fifo suffix and reads its deduplication', () => {
    const ordered = queue('Ordered');

    expect(ordered.name).toMatch(/\.fifo$/);
    expect(ordered.settings).toMatchObject({ fifo: true, contentBasedDeduplication: true });
    expect(ordered.settings.redrivePolicy?.deadLetterTargetArn).toBe(queue('OrderedDlq').arn);
  });

  it('resolves Ref and Fn::GetAtt of queues in function environments', () => {
    const consumer = topology.functions.find((fn) => fn.logicalId === idOf('Consumer'));

    expect(consumer?.environment).toEqual({
      WORK_QUEUE_URL: queue('Work').url,
      ORDERED_QUEUE_NAME: queue('Ordered').name,
    });
  });

  it('reads the SQS event source mappings', () => {
    const consumer = idOf('Consumer');
    const byQueue = (prefix: string) =>
      topology.eventSourceMappings.find((m) => m.queueArn === queue(prefix).arn);

    expect(byQueue('Work')).toEqual({
      logicalId: expect.stringMatching(/^ConsumerSqsEventSource/),
      functionId: consumer,
      queueArn: queue('Work').arn,
      batchSize: 20,
      maximumBatchingWindowInSeconds: 2,
      reportBatchItemFailures: true,
      maximumConcurrency: 3,
      enabled: true,
    });
    expect(byQueue('Ordered')).toMatchObject({
      batchSize: 10,
      enabled: false,
      reportBatchItemFailures: false,
    });
  });

  it('refuses, by name, a property it does not emulate and a batch FIFO does not allow', () => {
    const reasons = Object.fromEntries(topology.unsupported.map((u) => [u.logicalId, u.reason]));

    expect(reasons.Filtered).toBe('FilterCriteria: property not supported locally');
    expect(reasons.TooBig).toBe('BatchSize: at most 10 for a FIFO queue');
    expect(topology.eventSourceMappings).toHaveLength(2);
  });

  it('reads rule targets that are queues, with the FIFO message group', () => {
    const rule = topology.rules.find((r) => r.logicalId === idOf('ToQueues'));

    expect(rule?.targets.map((t) => [t.kind, t.arn, t.messageGroupId])).toEqual([
      ['sqs', queue('Ordered').arn, 'probe-group'],
      ['sqs', queue('Work').arn, undefined],
    ]);
  });

  it('reports a queue property it does not know by name', () => {
    const bad = {
      Odd: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 99_999, Mystery: true } },
    };

    const loaded = loadTopology({ Resources: bad }, OPTIONS);

    expect(loaded.queues).toEqual([]);
    expect(loaded.unsupported[0]?.reason).toMatch(/Mystery/);
    expect(loaded.unsupported[0]?.reason).toMatch(/VisibilityTimeout/);
  });
});
