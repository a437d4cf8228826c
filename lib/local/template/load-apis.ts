import type * as z from 'zod/mini';
import type {
  LocalApi,
  LocalAuthorizer,
  LocalFunction,
  LocalRoute,
  RouteAuthorization,
} from '../topology.ts';
import {
  API_IGNORED,
  AUTHORIZER_IGNORED,
  apiSchema,
  authorizerSchema,
  INTEGRATION_IGNORED,
  integrationSchema,
  ROUTE_IGNORED,
  routeSchema,
  STAGE_IGNORED,
  stageSchema,
} from './api-resources.ts';
import type { LoadContext, ResourceEntry } from './load-context.ts';

interface Parsed<T> {
  readonly entry: ResourceEntry;
  readonly props: T;
}

type Authorizer = Parsed<z.infer<typeof authorizerSchema>>;
type Integration = Parsed<z.infer<typeof integrationSchema>>;
type Route = Parsed<z.infer<typeof routeSchema>>;
type Stage = Parsed<z.infer<typeof stageSchema>>;

/** The parts of every API in the template; each names its API in `ApiId` (resolved to its logical id). */
interface ApiParts {
  readonly authorizers: readonly Authorizer[];
  readonly integrations: readonly Integration[];
  readonly routes: readonly Route[];
  readonly stages: readonly Stage[];
}

function parseAll<T>(
  context: LoadContext,
  type: string,
  schema: z.ZodMiniType<T>,
  unresolved: readonly string[],
): Parsed<T>[] {
  return context.loadEach(type, (entry) => ({ entry, props: context.properties(entry, schema, unresolved) }));
}

/** Finds the function an integration or authorizer URI points at (a plain ARN or an apigateway invocation path). */
function functionByUri(
  uri: string | undefined,
  functions: readonly LocalFunction[],
): LocalFunction | undefined {
  if (uri === undefined) return undefined;
  const arn = /functions\/(arn:[^/]+)\/invocations/.exec(uri)?.[1] ?? uri;
  return functions.find((fn) => fn.arn === arn || arn.startsWith(`${fn.arn}:`));
}

function loadAuthorizer(
  { entry, props }: Authorizer,
  functions: readonly LocalFunction[],
): LocalAuthorizer | string {
  const fn = functionByUri(props.AuthorizerUri, functions);
  if (props.AuthorizerType !== 'REQUEST' || !fn) return 'only Lambda REQUEST authorizers run locally';
  return {
    logicalId: entry.logicalId,
    name: props.Name ?? entry.logicalId,
    functionId: fn.logicalId,
    identitySources: props.IdentitySource ?? [],
    enableSimpleResponses: props.EnableSimpleResponses === true,
    payloadFormatVersion: props.AuthorizerPayloadFormatVersion ?? '2.0',
    resultTtlSeconds: props.AuthorizerResultTtlInSeconds ?? 300,
  };
}

function routeAuthorization(
  props: Route['props'],
  authorizers: ReadonlyMap<string, LocalAuthorizer>,
): RouteAuthorization | string {
  const type = props.AuthorizationType ?? 'NONE';
  if (type === 'NONE') return { type: 'NONE' };
  if (type === 'AWS_IAM') return { type: 'AWS_IAM' };
  if (type !== 'CUSTOM') return `route ${props.RouteKey}: ${type} authorization is not emulated`;
  const authorizer = authorizers.get(props.AuthorizerId ?? '');
  if (!authorizer) return `route ${props.RouteKey}: its authorizer is not available locally`;
  return { type: 'CUSTOM', authorizer };
}

function loadRoute(
  { entry, props }: Route,
  integrations: readonly Integration[],
  authorizers: ReadonlyMap<string, LocalAuthorizer>,
  functions: readonly LocalFunction[],
): LocalRoute | string {
  const integrationId = (props.Target ?? '').replace(/^integrations\//, '');
  const integration = integrations.find((candidate) => candidate.entry.logicalId === integrationId)?.props;
  const fn = integration && functionByUri(integration.IntegrationUri, functions);
  if (!integration || !fn || integration.IntegrationType !== 'AWS_PROXY')
    return `route ${props.RouteKey}: only Lambda proxy integrations run locally`;
  const authorization = routeAuthorization(props, authorizers);
  if (typeof authorization === 'string') return authorization;
  return {
    logicalId: entry.logicalId,
    routeKey: props.RouteKey,
    functionId: fn.logicalId,
    payloadFormatVersion: integration.PayloadFormatVersion ?? '2.0',
    timeoutMs: integration.TimeoutInMillis ?? 30_000,
    authorization,
  };
}

/** From the `$default` stage's DefaultRouteSettings, when it sets a rate. */
function throttleOf(stage: Stage | undefined): Pick<LocalApi, 'throttle'> {
  const settings = stage?.props.DefaultRouteSettings;
  if (settings?.ThrottlingRateLimit === undefined) return {};
  const rateLimit = settings.ThrottlingRateLimit;
  return { throttle: { rateLimit, burstLimit: settings.ThrottlingBurstLimit ?? rateLimit } };
}

function loadApi(
  context: LoadContext,
  entry: ResourceEntry,
  parts: ApiParts,
  functions: readonly LocalFunction[],
): LocalApi {
  const props = context.properties(entry, apiSchema, API_IGNORED);
  const belongs = <T extends { readonly ApiId: string }>(part: Parsed<T>) =>
    part.props.ApiId === entry.logicalId;
  const authorizers = new Map<string, LocalAuthorizer>();
  for (const authorizer of parts.authorizers.filter(belongs)) {
    const loaded = context.attempt(authorizer.entry, () => loadAuthorizer(authorizer, functions));
    if (loaded) authorizers.set(loaded.logicalId, loaded);
  }
  const integrations = parts.integrations.filter(belongs);
  const routes: LocalRoute[] = [];
  for (const route of parts.routes.filter(belongs)) {
    const loaded = context.attempt(route.entry, () => loadRoute(route, integrations, authorizers, functions));
    if (loaded) routes.push(loaded);
  }
  const stage = parts.stages.find(
    (candidate) => belongs(candidate) && candidate.props.StageName === '$default',
  );
  return {
    logicalId: entry.logicalId,
    name: props.Name ?? entry.logicalId,
    apiId: context.ids.getAtt(entry.logicalId, 'ApiId') as string,
    routes,
    ...throttleOf(stage),
  };
}

/** The template's HTTP APIs with the routes, Lambda authorizers and throttling that run locally. */
export function loadApis(context: LoadContext, functions: readonly LocalFunction[]): LocalApi[] {
  const parts: ApiParts = {
    authorizers: parseAll(context, 'AWS::ApiGatewayV2::Authorizer', authorizerSchema, AUTHORIZER_IGNORED),
    integrations: parseAll(context, 'AWS::ApiGatewayV2::Integration', integrationSchema, INTEGRATION_IGNORED),
    routes: parseAll(context, 'AWS::ApiGatewayV2::Route', routeSchema, ROUTE_IGNORED),
    stages: parseAll(context, 'AWS::ApiGatewayV2::Stage', stageSchema, STAGE_IGNORED),
  };
  return context.loadEach('AWS::ApiGatewayV2::Api', (entry) => loadApi(context, entry, parts, functions));
}
