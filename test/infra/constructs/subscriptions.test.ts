import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { VigilStack } from '#infra/vigil-stack.ts';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
let template: Template;
let stack: VigilStack;

beforeAll(() => {
  // GIVEN the app with the defaults
  const app = new App({ context: NO_BUNDLING });
  // WHEN it is synthesized
  stack = new VigilStack(app, 'Vigil');
  template = Template.fromStack(stack);
});

const logicalId = (construct: Parameters<VigilStack['getLogicalId']>[0]) => stack.getLogicalId(construct);

describe('Construct: Subscriptions', () => {
  it('feeds every event Vigil publishes, replays excepted, to dispatch with retries and the target DLQ', () => {
    // THEN
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['vigil.ingest', 'vigil.alerts', 'vigil.state'] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SubscriptionsDispatch'), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 },
          DeadLetterConfig: {
            Arn: {
              'Fn::GetAtt': [logicalId(stack.eventBus.deadLetterQueue.node.defaultChild as never), 'Arn'],
            },
          },
        }),
      ],
    });
  });

  it('lets the admin function read and rewrite the dispatch rule, that one rule only, named by env var', () => {
    // THEN
    const ruleId = logicalId(stack.subscriptions.rule.node.defaultChild as never);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ DISPATCH_RULE_ARN: { 'Fn::GetAtt': [ruleId, 'Arn'] } }) },
    });
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^SubscriptionsAdmin') }] },
    });
    const statements = Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const onEvents = statements.filter((s: { Action: unknown }) =>
      JSON.stringify(s.Action).includes('events:'),
    );
    expect(onEvents).toEqual([
      {
        Action: ['events:DescribeRule', 'events:PutRule'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [ruleId, 'Arn'] },
      },
    ]);
  });

  it('narrows the dispatch rule again every 5 minutes through the admin function', () => {
    // THEN
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SubscriptionsAdmin'), 'Arn'] } }),
      ],
    });
  });

  it('reads the delivery queue with partial batch failures, and dead-letters what the function keeps failing on', () => {
    // THEN
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SubscriptionsDeliveryQueue'), 'Arn'] },
      FunctionName: { Ref: Match.stringLikeRegexp('^SubscriptionsDeliver') },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 180,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SubscriptionsDeliveryDlq'), 'Arn'] },
        maxReceiveCount: 5,
      },
    });
  });

  it('indexes deliveries by subscription and dead letters by subscription', () => {
    // THEN
    const indexes = template.findResources('AWS::DynamoDB::Table', {
      Properties: {
        GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: 'deadLetters' })]),
      },
    });
    const [table] = Object.values(indexes);
    expect(table?.Properties.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName)).toEqual([
      'bySubscription',
      'deadLetters',
    ]);
  });

  it('alarms on any message in the delivery dead-letter queue', () => {
    // THEN
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter((a) =>
      JSON.stringify(a).includes(
        logicalId(stack.subscriptions.deliveryDeadLetterQueue.node.defaultChild as never),
      ),
    );
    expect(alarms.length).toBeGreaterThan(0);
  });

  it('lets deliver read alerts by key (is the alert still new?) and nothing else of the Alerts table', () => {
    // THEN
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ALERTS_TABLE_NAME: { Ref: logicalId(stack.alerting.table.node.defaultChild as never) },
          NOTIFY_TIME_SCALE: '1',
        }),
      },
    });
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^SubscriptionsDeliver') }] },
    });
    const statements = Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const onAlerts = statements.filter((s: { Resource: unknown }) =>
      JSON.stringify(s.Resource).includes(logicalId(stack.alerting.table.node.defaultChild as never)),
    );
    expect(onAlerts).toEqual([
      {
        Action: 'dynamodb:GetItem',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [logicalId(stack.alerting.table.node.defaultChild as never), 'Arn'] },
      },
    ]);
  });
});
