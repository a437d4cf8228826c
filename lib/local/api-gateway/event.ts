import { randomBytes } from 'node:crypto';
import type {
  APIGatewayEventRequestContextV2,
  APIGatewayProxyEventV2WithRequestContext,
  APIGatewayRequestAuthorizerEventV2,
} from 'aws-lambda';
import { type ApiRequest, parseQuery } from './request.ts';

/** What `requestContext.authorizer` holds: `{ lambda: context }` or `{ iam: {...} }`. */
export type AuthorizerContext = Readonly<Record<string, unknown>>;

export type RequestContextV2 = APIGatewayEventRequestContextV2 & { authorizer?: AuthorizerContext };
export type ProxyEventV2 = APIGatewayProxyEventV2WithRequestContext<RequestContextV2>;

export interface EventSettings {
  readonly apiId: string;
  readonly accountId: string;
  readonly requestId: string;
  readonly timeEpoch: number;
}

/** The parts of the 2.0 event that do not depend on the route. */
export interface RequestView {
  readonly headers: Readonly<Record<string, string>>;
  readonly cookies: readonly string[];
  readonly queryStringParameters: Readonly<Record<string, string>> | undefined;
  readonly requestContext: Omit<RequestContextV2, 'routeKey'>;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// Request bodies of these types reach the function as text; every other type (or none) as base64, which is
// what HTTP APIs were observed to do (the docs only say "binary").
const TEXT_TYPES = new Set(['application/json', 'application/xml', 'application/javascript']);

/** `12/Mar/2020:19:03:58 +0000`, the `requestContext.time` format. */
export function formatRequestTime(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

export function isTextContentType(contentType: string | undefined): boolean {
  const media = contentType?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return media.startsWith('text/') || TEXT_TYPES.has(media);
}

function traceId(epochMs: number): string {
  return `Root=1-${Math.floor(epochMs / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

/** Headers (duplicates comma-joined, `cookie` moved out to `cookies`) plus what API Gateway adds. */
function gatewayHeaders(
  request: ApiRequest,
  epochMs: number,
): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, values] of Object.entries(request.headerValues)) {
    if (name === 'cookie') {
      for (const value of values)
        cookies.push(
          ...value
            .split(';')
            .map((c) => c.trim())
            .filter((c) => c !== ''),
        );
    } else headers[name] = values.join(',');
  }
  const forwardedFor = headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${request.sourceIp}` : request.sourceIp;
  headers['x-forwarded-port'] = String(request.localPort);
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] ??= traceId(epochMs);
  return { headers, cookies };
}

export function describeRequest(request: ApiRequest, settings: EventSettings): RequestView {
  const { headers, cookies } = gatewayHeaders(request, settings.timeEpoch);
  const query = parseQuery(request.rawQueryString);
  const queryStringParameters =
    query.size > 0
      ? Object.fromEntries([...query].map(([name, values]) => [name, values.join(',')]))
      : undefined;
  const domainName = (headers.host ?? 'localhost').replace(/:\d+$/, '');
  return {
    headers,
    cookies,
    queryStringParameters,
    requestContext: {
      accountId: settings.accountId,
      apiId: settings.apiId,
      domainName,
      domainPrefix: domainName.split('.', 1)[0] ?? domainName,
      http: {
        method: request.method,
        path: request.rawPath,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: settings.requestId,
      stage: '$default',
      time: formatRequestTime(settings.timeEpoch),
      timeEpoch: settings.timeEpoch,
    },
  };
}

/** Fields API Gateway leaves out when they would be empty: cookies, query, path parameters, body. */
function optionalParts(view: RequestView, pathParameters: Readonly<Record<string, string>> | undefined) {
  return {
    ...(view.cookies.length > 0 ? { cookies: [...view.cookies] } : {}),
    ...(view.queryStringParameters ? { queryStringParameters: { ...view.queryStringParameters } } : {}),
    ...(pathParameters ? { pathParameters: { ...pathParameters } } : {}),
  };
}

/** The payload format 2.0 event for the integration. */
export function proxyEvent(
  request: ApiRequest,
  view: RequestView,
  routeKey: string,
  pathParameters: Readonly<Record<string, string>> | undefined,
  authorizer: AuthorizerContext | undefined,
): ProxyEventV2 {
  const hasBody = request.body.length > 0;
  const isBase64Encoded = hasBody && !isTextContentType(view.headers['content-type']);
  return {
    version: '2.0',
    routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    headers: { ...view.headers },
    ...optionalParts(view, pathParameters),
    requestContext: { ...view.requestContext, routeKey, ...(authorizer ? { authorizer } : {}) },
    ...(hasBody ? { body: request.body.toString(isBase64Encoded ? 'base64' : 'utf8') } : {}),
    isBase64Encoded,
  };
}

/** The payload format 2.0 event for a Lambda REQUEST authorizer (no body, as documented). */
export function authorizerEvent(
  request: ApiRequest,
  view: RequestView,
  routeKey: string,
  pathParameters: Readonly<Record<string, string>> | undefined,
  routeArn: string,
  identitySource: readonly string[],
): APIGatewayRequestAuthorizerEventV2 {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn,
    identitySource: [...identitySource],
    routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    headers: { ...view.headers },
    ...optionalParts(view, pathParameters),
    requestContext: { ...view.requestContext, routeKey },
    // The type declares `cookies` required; API Gateway leaves it out when there are none.
  } as APIGatewayRequestAuthorizerEventV2;
}
