import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { VigilStack } from '#infra/vigil-stack.ts';
import { loadTopology } from '#lib/local/template/load-topology.ts';
import type { TemplateResource } from '#lib/local/template/physical-ids.ts';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
let template: Template;
let stack: VigilStack;

beforeAll(() => {
  // GIVEN the app with a reorder window
  const app = new App({ context: { ...NO_BUNDLING, vigil: { reorderWindowMs: 2000 } } });
  // WHEN it is synthesized
  stack = new VigilStack(app, 'Vigil');
  template = Template.fromStack(stack);
});

const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);

describe('Construct: ModuleState, the drain queue', () => {
  it('gives the state function the window and the drain queue, and lets it send there', () => {
    // THEN
    const queue = logicalId(stack.state.drainQueue);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ REORDER_WINDOW_MS: '2000', DRAIN_QUEUE_URL: { Ref: queue } }),
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['sqs:SendMessage']),
            Resource: { 'Fn::GetAtt': [queue, 'Arn'] },
          }),
        ]),
      },
    });
  });

  it('reads the drain queue into the state function with partial batch failures and a dead-letter queue', () => {
    // THEN
    const queue = logicalId(stack.state.drainQueue);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queue, 'Arn'] },
      FunctionName: { Ref: logicalId(stack.state.function.fn) },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 180,
      RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: Match.anyValue() },
    });
  });

  it('runs in the local runtime from the template: the queue and its mapping to the state function load', () => {
    // Prepare: the staged asset folder `cdk synth` records (the in-process synth skips bundling)
    const resources = template.toJSON().Resources as Record<string, TemplateResource>;
    const fn = logicalId(stack.state.function.fn);
    resources[fn] = {
      ...resources[fn],
      Type: 'AWS::Lambda::Function',
      Metadata: { 'aws:asset:path': 'asset.state' },
    };

    // Act
    const topology = loadTopology(
      { Resources: resources },
      {
        stackName: 'Vigil',
        assemblyDir: path.resolve('/tmp/vigil-assembly'),
        region: 'us-east-1',
        accountId: '123456789012',
      },
    );

    // Assess
    const queue = topology.queues.find((q) => q.logicalId === logicalId(stack.state.drainQueue));
    expect(queue?.settings).toMatchObject({ fifo: false, visibilityTimeout: 180 });
    const mapping = topology.eventSourceMappings.find((m) => m.queueArn === queue?.arn);
    expect(mapping).toMatchObject({
      functionId: logicalId(stack.state.function.fn),
      batchSize: 10,
      reportBatchItemFailures: true,
      enabled: true,
    });
    expect(topology.unsupported.map((u) => u.logicalId)).not.toContain(queue?.logicalId);
  });
});
