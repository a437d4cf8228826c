import * as z from 'zod/mini';
import { flag, ignored, intIn, text } from './properties.ts';

/**
 * The `AWS::ApiGatewayV2::*` properties the local API reads. Properties listed as ignored have no
 * local effect (descriptions, tags, logging, CORS, IAM credentials of integrations).
 */

export const API_IGNORED = [
  'Description',
  'CorsConfiguration',
  'Tags',
  'DisableExecuteApiEndpoint',
  'DisableSchemaValidation',
  'FailOnWarnings',
  'Version',
  'RouteSelectionExpression',
  'ApiKeySelectionExpression',
  'IpAddressType',
] as const;

export const apiSchema = z.strictObject({
  Name: z.optional(text),
  ProtocolType: z.optional(z.literal('HTTP')),
  ...ignored(API_IGNORED),
});

export const AUTHORIZER_IGNORED = [
  'AuthorizerCredentialsArn',
  'JwtConfiguration',
  'IdentityValidationExpression',
] as const;

export const authorizerSchema = z.strictObject({
  ApiId: text,
  Name: z.optional(text),
  AuthorizerType: text,
  AuthorizerUri: z.optional(z.string()),
  IdentitySource: z.optional(z.array(z.string())),
  EnableSimpleResponses: z.optional(flag),
  AuthorizerPayloadFormatVersion: z.optional(text),
  AuthorizerResultTtlInSeconds: z.optional(intIn(0, 3600)),
  ...ignored(AUTHORIZER_IGNORED),
});

export const INTEGRATION_IGNORED = [
  'Description',
  'ConnectionType',
  'ConnectionId',
  'CredentialsArn',
  'IntegrationMethod',
  'IntegrationSubtype',
  'PassthroughBehavior',
  'RequestParameters',
  'ResponseParameters',
  'RequestTemplates',
  'TemplateSelectionExpression',
  'ContentHandlingStrategy',
  'TlsConfig',
] as const;

export const integrationSchema = z.strictObject({
  ApiId: text,
  IntegrationType: text,
  IntegrationUri: z.optional(z.string()),
  PayloadFormatVersion: z.optional(text),
  TimeoutInMillis: z.optional(intIn(50, 30_000)),
  ...ignored(INTEGRATION_IGNORED),
});

export const ROUTE_IGNORED = [
  'AuthorizationScopes',
  'OperationName',
  'RequestModels',
  'RequestParameters',
  'RouteResponseSelectionExpression',
  'ModelSelectionExpression',
  'ApiKeyRequired',
] as const;

export const routeSchema = z.strictObject({
  ApiId: text,
  RouteKey: text,
  Target: z.optional(z.string()),
  AuthorizationType: z.optional(text),
  AuthorizerId: z.optional(text),
  ...ignored(ROUTE_IGNORED),
});

export const STAGE_IGNORED = [
  'AccessLogSettings',
  'AutoDeploy',
  'Description',
  'Tags',
  'StageVariables',
  'RouteSettings',
  'ClientCertificateId',
  'DeploymentId',
  'AccessPolicyId',
] as const;

export const stageSchema = z.strictObject({
  ApiId: text,
  StageName: text,
  DefaultRouteSettings: z.optional(
    z.strictObject({
      ThrottlingRateLimit: z.optional(z.coerce.number()),
      ThrottlingBurstLimit: z.optional(intIn(0, 2_147_483_647)),
      ...ignored(['DetailedMetricsEnabled', 'DataTraceEnabled', 'LoggingLevel']),
    }),
  ),
  ...ignored(STAGE_IGNORED),
});
