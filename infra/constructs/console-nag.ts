import { Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

const BASIC_EXECUTION_ROLE =
  'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

/** Findings of the console's own resources that are accepted, each with its reason. */
export function acknowledgeConsoleFindings(
  console: IConstruct,
  apiLogicalId: string,
  bucketLogicalId: string,
): void {
  Validations.of(console).acknowledge(
    {
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        'The bucket holds only the public build of the console (no data); CloudFront reads it through origin access control.',
    },
    {
      id: 'AwsSolutions::AwsSolutions-CFR1',
      reason: 'Operators may be on call from anywhere; there is no country to exclude.',
    },
    {
      id: 'AwsSolutions::AwsSolutions-CFR2',
      reason:
        'The distribution serves static public files only; every API call is SigV4-signed by the admin role, which WAF in front of the files would not protect.',
    },
    {
      id: 'AwsSolutions::AwsSolutions-CFR3',
      reason:
        'The files are the public console build; who did what is in the API access log and on each alert (the signed caller).',
    },
    {
      id: 'AwsSolutions::AwsSolutions-CFR4',
      reason:
        'The default *.cloudfront.net certificate fixes the policy; a custom domain with its certificate (TLSv1.2_2021) is a deployment choice documented in docs/console.md.',
    },
    {
      id: 'AwsSolutions::AwsSolutions-COG2',
      reason:
        'The console signs in with a password only (USER_PASSWORD_AUTH); MFA needs a TOTP enrolment flow the console does not have yet (docs/console.md).',
    },
    {
      id: 'AwsSolutions::AwsSolutions-COG8',
      reason:
        'Threat protection needs the Plus tier; the pool has invited operators only and no self sign-up.',
    },
    {
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:${regionOf(console)}:<AWS::AccountId>:<${apiLogicalId}>/*]`,
      reason:
        'The admin role may call every route of this one API (the console is the admin client); ingest still demands a producer key.',
    },
  );
  acknowledgeDeploymentFunction(console, bucketLogicalId);
}

function regionOf(scope: IConstruct): string {
  const { region } = Stack.of(scope);
  return Token.isUnresolved(region) ? '<AWS::Region>' : region;
}

/** CDK's BucketDeployment handler (one per stack, beside the console): deploy-time only. */
function acknowledgeDeploymentFunction(console: IConstruct, bucketLogicalId: string): void {
  const stack = Stack.of(console);
  const handler = stack.node.children.find((child) =>
    child.node.id.startsWith('Custom::CDKBucketDeployment'),
  );
  if (!handler) return;
  const s3 = ['Abort*', 'DeleteObject*', 'GetBucket*', 'GetObject*', 'List*'].map(
    (action) => `AwsSolutions::AwsSolutions-IAM5[Action::s3:${action}]`,
  );
  const resources = [
    'Resource::*',
    `Resource::<${bucketLogicalId}.Arn>/*`,
    `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${regionOf(console)}/*`,
  ].map((resource) => `AwsSolutions::AwsSolutions-IAM5[${resource}]`);
  Validations.of(handler).acknowledge(
    ...[...s3, ...resources].map((id) => ({
      id,
      reason:
        "CDK's BucketDeployment copies the console build from the asset bucket into the site bucket and invalidates CloudFront (no resource-level permission for that); deploy-time only.",
    })),
    {
      id: BASIC_EXECUTION_ROLE,
      reason: "CDK's BucketDeployment handler; its role only writes its own logs.",
    },
    {
      id: 'AwsSolutions::AwsSolutions-L1',
      reason: "The runtime of CDK's BucketDeployment handler is chosen by aws-cdk-lib.",
    },
  );
}
