import path from 'node:path';
import { compilePattern, InvalidEventPatternError } from '../../core/pattern.ts';
import {
  InvalidScheduleExpressionError,
  UnsupportedScheduleExpressionError,
} from '../eventbridge/schedule-errors.ts';
import { parseScheduleExpression } from '../eventbridge/schedule-expression.ts';
import { tableSpecsFromTemplate } from '../template-tables.ts';
import type {
  LocalApi,
  LocalAuthorizer,
  LocalFunction,
  LocalRoute,
  LocalRule,
  LocalTarget,
  RouteAuthorization,
  TargetKind,
  Topology,
  UnsupportedResource,
} from '../topology.ts';
import { resolveIntrinsics, UnresolvableError } from './intrinsics.ts';
import { loadEventSourceMappings, loadQueues } from './load-queues.ts';
import { PhysicalIds, type TemplateResource } from './physical-ids.ts';

export interface LoadOptions {
  readonly stackName: string;
  /** Folder of the cloud assembly (`cdk.out`): asset paths are relative to it. */
  readonly assemblyDir: string;
  readonly region: string;
  readonly accountId: string;
  /** Origin of queue URLs (the local SQS endpoint). @default 'http://127.0.0.1' */
  readonly sqsEndpoint?: string;
}

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

const HANDLED = new Set([
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

type Resources = Readonly<Record<string, TemplateResource>>;

function refId(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'Ref' in value) return String((value as { Ref: unknown }).Ref);
  return undefined;
}

/**
 * Builds the local topology from a synthesized template: every resource resolved to its local
 * name and ARN, every rule pattern validated, and what cannot run locally listed with the reason.
 */
export function loadTopology(template: { Resources: Resources }, options: LoadOptions): Topology {
  const resources = template.Resources;
  const ids = new PhysicalIds(
    resources,
    options.stackName,
    options.region,
    options.accountId,
    options.sqsEndpoint,
  );
  const resolve = <T>(value: unknown): T => resolveIntrinsics(value, ids) as T;
  const unsupported: UnsupportedResource[] = [];
  const of = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

  // Custom resources run at deploy time only; so do the functions that serve them.
  const customResourceFunctions = new Set<string>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource') {
      unsupported.push({
        logicalId,
        type: resource.Type,
        reason: 'custom resource: deploy-time only, nothing to run locally',
      });
      const token = resource.Properties?.ServiceToken;
      if (token && typeof token === 'object' && 'Fn::GetAtt' in token) {
        customResourceFunctions.add(String((token as { 'Fn::GetAtt': unknown[] })['Fn::GetAtt'][0]));
      }
    } else if (NO_LOCAL_EFFECT[resource.Type]) {
      unsupported.push({
        logicalId,
        type: resource.Type,
        reason: `not emulated: ${NO_LOCAL_EFFECT[resource.Type]}`,
      });
    } else if (!HANDLED.has(resource.Type)) {
      unsupported.push({
        logicalId,
        type: resource.Type,
        reason: 'resource type not supported by the local runtime',
      });
    }
  }

  const tables = tableSpecsFromTemplate({ Resources: resources }, (id) => ids.nameOf(id)).map((spec) => ({
    ...spec,
    name: ids.nameOf(spec.logicalId),
    arn: ids.arnOf(spec.logicalId) as string,
  }));

  const functions: LocalFunction[] = [];
  for (const [logicalId, resource] of of('AWS::Lambda::Function')) {
    if (customResourceFunctions.has(logicalId)) {
      unsupported.push({
        logicalId,
        type: resource.Type,
        reason: 'handler of a custom resource: deploy-time only',
      });
      continue;
    }
    const props = resource.Properties ?? {};
    const assetPath = resource.Metadata?.['aws:asset:path'];
    if (typeof assetPath !== 'string') {
      unsupported.push({ logicalId, type: resource.Type, reason: 'no local asset (inline or image code)' });
      continue;
    }
    try {
      const environment = resolve<Record<string, unknown>>(
        (props.Environment as { Variables?: unknown })?.Variables ?? {},
      );
      functions.push({
        logicalId,
        name: ids.nameOf(logicalId),
        arn: ids.arnOf(logicalId) as string,
        codeDir: path.resolve(options.assemblyDir, assetPath),
        handler: String(props.Handler ?? 'index.handler'),
        runtime: String(props.Runtime ?? 'nodejs22.x'),
        timeoutSeconds: Number(props.Timeout ?? 3),
        memoryMb: Number(props.MemorySize ?? 128),
        environment: Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, String(v)])),
      });
    } catch (error) {
      if (!(error instanceof UnresolvableError)) throw error;
      unsupported.push({ logicalId, type: resource.Type, reason: error.message });
    }
  }

  const arnToResource = new Map<string, { logicalId: string; kind: TargetKind }>();
  const kindOfType: Record<string, TargetKind> = {
    'AWS::Lambda::Function': 'lambda',
    'AWS::Logs::LogGroup': 'logs',
    'AWS::SQS::Queue': 'sqs',
    'AWS::Events::EventBus': 'events',
  };
  for (const [logicalId, resource] of Object.entries(resources)) {
    const kind = kindOfType[resource.Type];
    const arn = ids.arnOf(logicalId);
    if (!kind || !arn) continue;
    arnToResource.set(arn, { logicalId, kind });
    if (arn.endsWith(':*')) arnToResource.set(arn.slice(0, -2), { logicalId, kind });
  }

  const queues = loadQueues(resources, ids, unsupported);
  const rules: LocalRule[] = [];
  for (const [logicalId, resource] of of('AWS::Events::Rule')) {
    const props = resolve<Record<string, unknown>>(resource.Properties ?? {});
    const busName = typeof props.EventBusName === 'string' ? props.EventBusName : 'default';
    if (!props.EventPattern && props.ScheduleExpression === undefined) {
      unsupported.push({
        logicalId,
        type: resource.Type,
        reason: 'ValidationException: a rule needs an EventPattern or a ScheduleExpression',
      });
      continue;
    }
    const eventPattern = (
      typeof props.EventPattern === 'string' ? JSON.parse(props.EventPattern) : props.EventPattern
    ) as Record<string, unknown> | undefined;
    try {
      if (eventPattern) compilePattern(eventPattern);
    } catch (error) {
      if (!(error instanceof InvalidEventPatternError)) throw error;
      unsupported.push({
        logicalId,
        type: resource.Type,
        reason: `InvalidEventPatternException: ${error.message}`,
      });
      continue;
    }
    const scheduleExpression =
      props.ScheduleExpression === undefined ? undefined : String(props.ScheduleExpression);
    const scheduleProblem = scheduleExpression && checkSchedule(scheduleExpression, busName);
    if (scheduleProblem) {
      unsupported.push({ logicalId, type: resource.Type, reason: scheduleProblem });
      continue;
    }
    const targets: LocalTarget[] = [];
    for (const target of (props.Targets as Record<string, unknown>[] | undefined) ?? []) {
      const arn = String(target.Arn);
      const known = arnToResource.get(arn);
      if (!known) {
        unsupported.push({
          logicalId,
          type: 'AWS::Events::Rule target',
          reason: `target ${arn} is not a local resource`,
        });
        continue;
      }
      const retry = target.RetryPolicy as
        | { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number }
        | undefined;
      const transformer = target.InputTransformer as
        | { InputPathsMap?: Record<string, string>; InputTemplate: string }
        | undefined;
      targets.push({
        id: String(target.Id),
        arn,
        kind: known.kind,
        resourceId: known.logicalId,
        // EventBridge's defaults when a target names none: 185 attempts over 24 hours.
        retryPolicy: {
          maximumRetryAttempts: retry?.MaximumRetryAttempts ?? 185,
          maximumEventAgeInSeconds: retry?.MaximumEventAgeInSeconds ?? 86_400,
        },
        ...(target.DeadLetterConfig
          ? { deadLetterArn: String((target.DeadLetterConfig as { Arn: unknown }).Arn) }
          : {}),
        ...(target.Input !== undefined ? { input: String(target.Input) } : {}),
        ...(target.InputPath !== undefined ? { inputPath: String(target.InputPath) } : {}),
        ...(sqsGroup(target) !== undefined ? { messageGroupId: sqsGroup(target) } : {}),
        ...(transformer
          ? {
              inputTransformer: {
                inputPathsMap: transformer.InputPathsMap ?? {},
                inputTemplate: transformer.InputTemplate,
              },
            }
          : {}),
      });
    }
    rules.push({
      logicalId,
      name: ids.nameOf(logicalId),
      arn: ids.arnOf(logicalId) as string,
      busName,
      ...(props.Description ? { description: String(props.Description) } : {}),
      ...(eventPattern ? { eventPattern } : {}),
      ...(scheduleExpression ? { scheduleExpression } : {}),
      enabled: props.State !== 'DISABLED',
      targets,
    });
  }

  return {
    stackName: options.stackName,
    region: options.region,
    accountId: options.accountId,
    tables,
    functions,
    buses: of('AWS::Events::EventBus').map(([logicalId]) => ({
      logicalId,
      name: ids.nameOf(logicalId),
      arn: ids.arnOf(logicalId) as string,
    })),
    rules,
    apis: loadApis(resources, ids, functions, unsupported),
    logGroups: of('AWS::Logs::LogGroup').map(([logicalId]) => ({
      logicalId,
      name: ids.nameOf(logicalId),
      arn: ids.arnOf(logicalId) as string,
    })),
    queues,
    eventSourceMappings: loadEventSourceMappings(resources, ids, queues, functions, unsupported),
    unsupported,
  };
}

/** `SqsParameters.MessageGroupId` of a rule target: a literal string (classic rules take no path). */
function sqsGroup(target: Record<string, unknown>): string | undefined {
  const group = (target.SqsParameters as { MessageGroupId?: unknown } | undefined)?.MessageGroupId;
  return group === undefined ? undefined : String(group);
}

/** Why a rule's schedule cannot run locally (as PutRule would refuse it, or undocumented), if it cannot. */
function checkSchedule(expression: string, busName: string): string | undefined {
  // Only the default bus has scheduled rules.
  if (busName !== 'default' && !busName.endsWith('event-bus/default'))
    return 'ValidationException: ScheduleExpression is supported only on the default event bus.';
  try {
    parseScheduleExpression(expression);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidScheduleExpressionError)
      return `ValidationException: Parameter ScheduleExpression is not valid: ${error.message}`;
    if (error instanceof UnsupportedScheduleExpressionError)
      return `schedule not run locally: ${error.message}`;
    throw error;
  }
}

/** Finds the function an integration or authorizer URI points at (a plain ARN or an apigateway invocation path). */
function functionByUri(uri: string, functions: readonly LocalFunction[]): LocalFunction | undefined {
  const arn = /functions\/(arn:[^/]+)\/invocations/.exec(uri)?.[1] ?? uri;
  return functions.find((fn) => fn.arn === arn || arn.startsWith(`${fn.arn}:`));
}

function loadApis(
  resources: Resources,
  ids: PhysicalIds,
  functions: readonly LocalFunction[],
  unsupported: UnsupportedResource[],
): LocalApi[] {
  const resolve = <T>(value: unknown): T => resolveIntrinsics(value, ids) as T;
  const entries = Object.entries(resources);
  return entries
    .filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Api')
    .map(([apiLogicalId, api]) => {
      const belongs = (r: TemplateResource) => refId(r.Properties?.ApiId) === apiLogicalId;
      const authorizers = new Map<string, LocalAuthorizer>();
      for (const [logicalId, r] of entries.filter(
        ([, r]) => r.Type === 'AWS::ApiGatewayV2::Authorizer' && belongs(r),
      )) {
        const props = resolve<Record<string, unknown>>(r.Properties ?? {});
        const fn = functionByUri(String(props.AuthorizerUri ?? ''), functions);
        if (props.AuthorizerType !== 'REQUEST' || !fn) {
          unsupported.push({
            logicalId,
            type: r.Type,
            reason: 'only Lambda REQUEST authorizers run locally',
          });
          continue;
        }
        authorizers.set(logicalId, {
          logicalId,
          name: String(props.Name ?? logicalId),
          functionId: fn.logicalId,
          identitySources: (props.IdentitySource as string[] | undefined) ?? [],
          enableSimpleResponses: props.EnableSimpleResponses === true,
          payloadFormatVersion: String(props.AuthorizerPayloadFormatVersion ?? '2.0'),
          resultTtlSeconds: Number(props.AuthorizerResultTtlInSeconds ?? 300),
        });
      }
      const integrations = new Map(
        entries
          .filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Integration' && belongs(r))
          .map(([logicalId, r]) => [logicalId, resolve<Record<string, unknown>>(r.Properties ?? {})]),
      );
      const routes: LocalRoute[] = [];
      for (const [logicalId, r] of entries.filter(
        ([, r]) => r.Type === 'AWS::ApiGatewayV2::Route' && belongs(r),
      )) {
        const props = r.Properties ?? {};
        const target = resolve<string>(props.Target ?? '');
        const integration = integrations.get(target.replace(/^integrations\//, ''));
        const fn = integration && functionByUri(String(integration.IntegrationUri ?? ''), functions);
        if (!integration || !fn || integration.IntegrationType !== 'AWS_PROXY') {
          unsupported.push({
            logicalId,
            type: r.Type,
            reason: `route ${String(props.RouteKey)}: only Lambda proxy integrations run locally`,
          });
          continue;
        }
        const type = String(props.AuthorizationType ?? 'NONE');
        let authorization: RouteAuthorization = { type: 'NONE' };
        if (type === 'AWS_IAM') authorization = { type: 'AWS_IAM' };
        else if (type === 'CUSTOM') {
          const authorizer = authorizers.get(refId(props.AuthorizerId) ?? '');
          if (!authorizer) {
            unsupported.push({
              logicalId,
              type: r.Type,
              reason: `route ${String(props.RouteKey)}: its authorizer is not available locally`,
            });
            continue;
          }
          authorization = { type: 'CUSTOM', authorizer };
        } else if (type !== 'NONE') {
          unsupported.push({
            logicalId,
            type: r.Type,
            reason: `route ${String(props.RouteKey)}: ${type} authorization is not emulated`,
          });
          continue;
        }
        routes.push({
          logicalId,
          routeKey: String(props.RouteKey),
          functionId: fn.logicalId,
          payloadFormatVersion: String(integration.PayloadFormatVersion ?? '2.0'),
          timeoutMs: Number(integration.TimeoutInMillis ?? 30_000),
          authorization,
        });
      }
      const stage = entries.find(
        ([, r]) =>
          r.Type === 'AWS::ApiGatewayV2::Stage' && belongs(r) && r.Properties?.StageName === '$default',
      )?.[1];
      const settings = stage?.Properties?.DefaultRouteSettings as
        | { ThrottlingRateLimit?: number; ThrottlingBurstLimit?: number }
        | undefined;
      return {
        logicalId: apiLogicalId,
        name: String(api.Properties?.Name ?? apiLogicalId),
        apiId: ids.getAtt(apiLogicalId, 'ApiId') as string,
        routes,
        ...(settings?.ThrottlingRateLimit !== undefined
          ? {
              throttle: {
                rateLimit: settings.ThrottlingRateLimit,
                burstLimit: settings.ThrottlingBurstLimit ?? settings.ThrottlingRateLimit,
              },
            }
          : {}),
      };
    });
}
