import { type Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

const BASIC_EXECUTION_ROLE =
  'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

/** Findings every Vigil function shares, each with the reason it is accepted. */
export function acknowledgeFunctionFindings(fn: IConstruct): void {
  Validations.of(fn).acknowledge(
    {
      id: BASIC_EXECUTION_ROLE,
      reason:
        'The AWS-managed basic execution role only lets the function write its own logs; a hand-written copy adds nothing.',
    },
    {
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions; every data grant is scoped to one table or bus ARN.',
    },
    {
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime Vigil is built and tested for (docs/architecture.md); moving to a newer one is a deliberate upgrade, not a drift.',
    },
  );
}

/** CDK's own custom resource that puts the audit log group's resource policy (EventBridge needs one). */
const LOG_POLICY_RESOURCE = /^(EventsLogGroupPolicy|AWS679f53fac002430cb0da5b7982bd2287)/;

export function acknowledgeStackFindings(stack: Stack): void {
  for (const child of stack.node.children) {
    if (!LOG_POLICY_RESOURCE.test(child.node.id)) continue;
    Validations.of(child).acknowledge(
      {
        id: BASIC_EXECUTION_ROLE,
        reason: "CDK's log-group-policy custom resource; its role only writes its own logs.",
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason: 'logs:PutResourcePolicy and logs:DeleteResourcePolicy have no resource-level permissions.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-L1',
        reason: "The runtime of CDK's own custom-resource handler is chosen by aws-cdk-lib.",
      },
    );
  }
}

/** The target dead-letter queue is the last stop of failed deliveries: it has no DLQ itself. */
export function acknowledgeDeadLetterQueue(queue: IConstruct): void {
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SQS3',
    reason: 'This queue is the dead-letter queue of the rule targets; a DLQ of a DLQ only moves the problem.',
  });
}

/** The alarm topic carries alarm state changes only; CloudWatch cannot publish to it under an AWS-managed key. */
export function acknowledgeAlarmTopic(topic: IConstruct): void {
  Validations.of(topic).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SNS2',
    reason:
      'CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key, and the messages hold alarm names and states, no event data.',
  });
}
