import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { configForStage } from '#infra/config.ts';
import { VigilStack } from '#infra/vigil-stack.ts';

describe('Stack: the announcements outbox', () => {
  // GIVEN the prod stage's defaults; WHEN synthesized
  const stack = new VigilStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Vigil', {
    config: configForStage('prod'),
  });
  const template = Template.fromStack(stack);
  const outbox = stack.getLogicalId(stack.announcements.outbox.node.defaultChild as never);

  it('keeps failed announcements in a pk/sk table with TTL on expiresAt, kept when the prod stack goes', () => {
    // THEN
    const resource = template.toJSON().Resources[outbox];
    expect(resource).toMatchObject({
      Type: 'AWS::DynamoDB::Table',
      DeletionPolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
    });
  });

  it('names the outbox to the three functions that announce by default: alerting, state and admin', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: {
        Environment: { Variables: Match.objectLike({ ANNOUNCEMENTS_TABLE_NAME: { Ref: outbox } }) },
      },
    });
    expect(Object.keys(functions).sort()).toEqual(
      [stack.alerting.function.fn, stack.state.function.fn, stack.admin.function.fn]
        .map((fn) => stack.getLogicalId(fn.node.defaultChild as never))
        .sort(),
    );
  });

  it('routes POST /announcements/redrive to the admin function behind IAM', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /announcements/redrive',
      AuthorizationType: 'AWS_IAM',
    });
  });
});
