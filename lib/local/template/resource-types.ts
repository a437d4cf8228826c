import type { LoadContext } from './load-context.ts';

/** Types that have no local effect (IAM is not enforced locally; permissions are implied). */
const NO_LOCAL_EFFECT: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'IAM is not enforced locally',
  'AWS::IAM::Policy': 'IAM is not enforced locally',
  'AWS::Lambda::Permission': 'every local caller may invoke every local function',
  'AWS::SQS::QueuePolicy': 'queue policies are not enforced locally',
  'AWS::CDK::Metadata': 'CDK bookkeeping',
  'AWS::CloudWatch::Alarm': 'alarms watch CloudWatch metrics, which only AWS collects',
  'AWS::CloudWatch::Dashboard': 'dashboards show CloudWatch metrics, which only AWS collects',
  'AWS::SNS::Topic': 'the alarm topic only receives CloudWatch alarms',
  'AWS::SNS::Subscription': 'the alarm topic only receives CloudWatch alarms',
  'AWS::SNS::TopicPolicy': 'topic policies are not enforced locally',
  'AWS::S3::Bucket': "the console's files are served from their deployment asset at /console",
  'AWS::S3::BucketPolicy': "the console's files are served from their deployment asset at /console",
  'AWS::CloudFront::Distribution': 'the API port serves the console at /console',
  'AWS::CloudFront::OriginAccessControl': 'the API port serves the console at /console',
  'AWS::Cognito::UserPool': 'no sign-in locally: the console gets the local admin credentials',
  'AWS::Cognito::UserPoolClient': 'no sign-in locally: the console gets the local admin credentials',
  'AWS::Cognito::IdentityPool': 'no sign-in locally: the console gets the local admin credentials',
  'AWS::Cognito::IdentityPoolRoleAttachment':
    'no sign-in locally: the console gets the local admin credentials',
  'AWS::Lambda::LayerVersion': "the AWS CLI layer of CDK's BucketDeployment (deploy-time only)",
};

/** The types a loader of `load-topology.ts` reads: a new kind's type goes here too. */
export const LOADED_TYPES: ReadonlySet<string> = new Set([
  'AWS::DynamoDB::Table',
  'AWS::Lambda::Function',
  'AWS::Events::EventBus',
  'AWS::Events::Rule',
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Authorizer',
  'AWS::ApiGatewayV2::Stage',
  'AWS::Logs::LogGroup',
  'AWS::SQS::Queue',
  'AWS::Lambda::EventSourceMapping',
]);

function isCustomResource(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

/** The function a custom resource's `ServiceToken` points at (`Fn::GetAtt [<function>, Arn]`). */
function serviceFunction(token: unknown): string | undefined {
  if (!token || typeof token !== 'object' || !('Fn::GetAtt' in token)) return undefined;
  const getAtt = (token as { 'Fn::GetAtt': unknown })['Fn::GetAtt'];
  return Array.isArray(getAtt) ? String(getAtt[0]) : undefined;
}

/**
 * Lists every resource no loader reads, with the reason: custom resources (deploy-time only), types
 * with no local effect, and types the runtime does not know. Returns the functions that serve
 * custom resources: they run at deploy time only.
 */
export function listUnloadedTypes(context: LoadContext): ReadonlySet<string> {
  const customResourceFunctions = new Set<string>();
  for (const [logicalId, resource] of Object.entries(context.resources)) {
    const type = resource.Type;
    if (isCustomResource(type)) {
      context.refuse(logicalId, type, 'custom resource: deploy-time only, nothing to run locally');
      const handler = serviceFunction(resource.Properties?.ServiceToken);
      if (handler) customResourceFunctions.add(handler);
    } else if (NO_LOCAL_EFFECT[type]) {
      context.refuse(logicalId, type, `not emulated: ${NO_LOCAL_EFFECT[type]}`);
    } else if (!LOADED_TYPES.has(type)) {
      context.refuse(logicalId, type, 'resource type not supported by the local runtime');
    }
  }
  return customResourceFunctions;
}
