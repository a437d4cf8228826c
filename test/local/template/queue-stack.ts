import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { CfnEventSourceMapping, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { TemplateResource } from '#lib/local/template/physical-ids.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'lambda', 'fixtures');

/**
 * A test-only stack with what the product stack does not use yet: a standard queue with a DLQ and
 * settings, a FIFO pair, two SQS event source mappings, a rule sending to both queues, and mappings the
 * local runtime must refuse (a filter).
 */
export function queueStackTemplate(): Record<string, TemplateResource> {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'QueueProbe');
  const dlq = new Queue(stack, 'WorkDlq', { retentionPeriod: Duration.days(14) });
  const work = new Queue(stack, 'Work', {
    visibilityTimeout: Duration.seconds(60),
    receiveMessageWaitTime: Duration.seconds(20),
    deliveryDelay: Duration.seconds(5),
    deadLetterQueue: { queue: dlq, maxReceiveCount: 4 },
  });
  const orderedDlq = new Queue(stack, 'OrderedDlq', { fifo: true });
  const ordered = new Queue(stack, 'Ordered', {
    fifo: true,
    contentBasedDeduplication: true,
    deadLetterQueue: { queue: orderedDlq, maxReceiveCount: 2 },
  });
  const consumer = new LambdaFunction(stack, 'Consumer', {
    runtime: Runtime.NODEJS_22_X,
    handler: 'echo.handler',
    code: Code.fromAsset(FIXTURES),
    timeout: Duration.seconds(10),
    environment: { WORK_QUEUE_URL: work.queueUrl, ORDERED_QUEUE_NAME: ordered.queueName },
  });
  consumer.addEventSource(
    new SqsEventSource(work, {
      batchSize: 20,
      maxBatchingWindow: Duration.seconds(2),
      reportBatchItemFailures: true,
      maxConcurrency: 3,
    }),
  );
  consumer.addEventSource(new SqsEventSource(ordered, { enabled: false }));
  new CfnEventSourceMapping(stack, 'Filtered', {
    functionName: consumer.functionName,
    eventSourceArn: work.queueArn,
    filterCriteria: { filters: [{ pattern: '{"body":{"a":["b"]}}' }] },
  });
  const bus = new EventBus(stack, 'Bus');
  new Rule(stack, 'ToQueues', {
    eventBus: bus,
    eventPattern: { source: ['probe'] },
    targets: [new SqsQueue(ordered, { messageGroupId: 'probe-group' }), new SqsQueue(work)],
  });
  return app.synth().getStackByName(stack.stackName).template.Resources as Record<string, TemplateResource>;
}
