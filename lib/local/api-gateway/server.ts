import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { listen } from '../http/listen.ts';
import { readBody } from '../http/read-body.ts';
import { LOCAL_ACCOUNT_ID } from '../local-account.ts';
import type { Invoker, LocalApi, LocalRoute } from '../topology.ts';
import { LambdaAuthorizers } from './authorizer.ts';
import { answerClientError } from './client-errors.ts';
import {
  type AuthorizerContext,
  authorizerEvent,
  describeRequest,
  type ProxyEventV2,
  proxyEvent,
} from './event.ts';
import { authorizeIam } from './iam.ts';
import { type ApiRequest, MAX_BODY_BYTES, toApiRequest } from './request.ts';
import { GATEWAY_MESSAGES, type GatewayResponse, gatewayError, writeResponse } from './responses.ts';
import { interpretResult } from './result.ts';
import { RouteTable } from './routes.ts';
import { RouteThrottle } from './throttle.ts';

export interface LocalApiOptions {
  readonly api: LocalApi;
  /** Runs the integration and authorizer functions by logical id. */
  readonly invoker: Invoker;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default 3000; 0 = any free port */
  readonly port?: number;
  /** What `AWS_IAM` routes accept (SigV4, service `execute-api`). */
  readonly credentials: { accessKeyId: string; secretAccessKey: string; region: string };
  /** @default '000000000000' */
  readonly accountId?: string;
  /** Clock for event times, SigV4 date checks, the authorizer cache and throttling. @default Date.now */
  readonly now?: () => number;
  /** Answers what is not the API first (the console's files); returns true when it did. */
  readonly serveOther?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Access log: one line per request, once the response is sent. */
  readonly onRequest?: (line: {
    method: string;
    path: string;
    status: number;
    durationMs: number;
    requestId: string;
  }) => void;
}

export interface LocalApiServer {
  readonly url: string;
  close(): Promise<void>;
}

const DEFAULT_INTEGRATION_TIMEOUT_MS = 30_000;
/** How long close() lets requests in flight finish before cutting their connections. */
const CLOSE_GRACE_MS = 2_000;

/** Looks like API Gateway's ids (`Bq7ZwhH2oAMEJqA=`). */
function newRequestId(): string {
  return randomBytes(11).toString('base64');
}

function assertSupported(api: LocalApi): void {
  for (const route of api.routes) {
    if (route.payloadFormatVersion !== '2.0')
      throw new Error(
        `API ${api.name}, route "${route.routeKey}": payload format ${route.payloadFormatVersion} is not supported locally (only 2.0)`,
      );
    const { authorization } = route;
    if (authorization.type === 'CUSTOM' && authorization.authorizer.payloadFormatVersion !== '2.0')
      throw new Error(
        `API ${api.name}, authorizer ${authorization.authorizer.name}: payload format ${authorization.authorizer.payloadFormatVersion} is not supported locally (only 2.0)`,
      );
  }
}

/** What every request of one API shares. */
interface Gateway {
  readonly api: LocalApi;
  readonly invoker: Invoker;
  readonly credentials: LocalApiOptions['credentials'];
  readonly accountId: string;
  readonly now: () => number;
  readonly routes: RouteTable;
  readonly throttle: RouteThrottle;
  readonly authorizers: LambdaAuthorizers;
}

async function authorize(
  gateway: Gateway,
  route: LocalRoute,
  request: ApiRequest,
  view: ReturnType<typeof describeRequest>,
  pathParameters: Readonly<Record<string, string>> | undefined,
): Promise<{ authorizer?: AuthorizerContext; denied?: GatewayResponse }> {
  const { api, credentials, accountId, now } = gateway;
  const { authorization } = route;
  if (authorization.type === 'NONE') return {};
  if (authorization.type === 'AWS_IAM') {
    const outcome = authorizeIam(request, { ...credentials, accountId }, now());
    return outcome.ok ? { authorizer: outcome.authorizer } : { denied: gatewayError(403, outcome.message) };
  }
  const routeArn = `arn:aws:execute-api:${credentials.region}:${accountId}:${api.apiId}/$default/${request.method}/${request.rawPath.slice(1)}`;
  const outcome = await gateway.authorizers.authorize(authorization.authorizer, {
    view,
    routeKey: route.routeKey,
    routeArn,
    event: (identity) => authorizerEvent(request, view, route.routeKey, pathParameters, routeArn, identity),
  });
  if (outcome.kind === 'allow') return { authorizer: outcome.authorizer };
  if (outcome.kind === 'unauthorized') return { denied: gatewayError(401, GATEWAY_MESSAGES.unauthorized) };
  if (outcome.kind === 'forbidden') return { denied: gatewayError(403, GATEWAY_MESSAGES.forbidden) };
  return { denied: gatewayError(500, GATEWAY_MESSAGES.internal) };
}

/** Runs the integration; past the route's timeout the client gets 503 (the invocation is left to finish). */
async function integrate(invoker: Invoker, route: LocalRoute, event: ProxyEventV2): Promise<GatewayResponse> {
  let timer: NodeJS.Timeout | undefined;
  const timeoutMs = route.timeoutMs > 0 ? route.timeoutMs : DEFAULT_INTEGRATION_TIMEOUT_MS;
  const timedOut = new Promise<GatewayResponse>((resolve) => {
    timer = setTimeout(() => resolve(gatewayError(503, GATEWAY_MESSAGES.unavailable)), timeoutMs);
  });
  const invoked = invoker
    .invoke(route.functionId, event)
    .then(interpretResult, () => gatewayError(500, GATEWAY_MESSAGES.internal));
  try {
    return await Promise.race([invoked, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** The request pipeline: body limit → route → throttle → authorization → integration. */
function createGateway(options: LocalApiOptions) {
  const now = options.now ?? Date.now;
  const gateway: Gateway = {
    api: options.api,
    invoker: options.invoker,
    credentials: options.credentials,
    accountId: options.accountId ?? LOCAL_ACCOUNT_ID,
    now,
    routes: new RouteTable(options.api.routes),
    throttle: new RouteThrottle(options.api.throttle, now),
    authorizers: new LambdaAuthorizers(options.invoker, now),
  };

  return async function respond(req: IncomingMessage, requestId: string): Promise<GatewayResponse> {
    const read = await readBody(req, MAX_BODY_BYTES);
    if (!read.ok) return gatewayError(413, GATEWAY_MESSAGES.tooLarge, { connection: 'close' });
    const request = toApiRequest(req, read.body);
    const resolution = gateway.routes.resolve(request.method, request.rawPath);
    if (resolution.kind === 'not-found') return gatewayError(404, GATEWAY_MESSAGES.notFound);
    if (resolution.kind === 'method-not-allowed')
      return gatewayError(405, GATEWAY_MESSAGES.methodNotAllowed, { allow: resolution.allow.join(', ') });
    const { route, pathParameters } = resolution;
    if (!gateway.throttle.allows(route.routeKey)) return gatewayError(429, GATEWAY_MESSAGES.throttled);

    const view = describeRequest(request, {
      apiId: gateway.api.apiId,
      accountId: gateway.accountId,
      requestId,
      timeEpoch: now(),
    });
    const { authorizer, denied } = await authorize(gateway, route, request, view, pathParameters);
    if (denied) return denied;
    return integrate(
      gateway.invoker,
      route,
      proxyEvent(request, view, route.routeKey, pathParameters, authorizer),
    );
  };
}

/** Tells `onRequest` about the request once its response is sent. */
function logWhenSent(options: LocalApiOptions, req: IncomingMessage, res: ServerResponse, requestId: string) {
  const startedAt = performance.now();
  res.once('finish', () => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const durationMs = Math.round((performance.now() - startedAt) * 1000) / 1000;
    try {
      options.onRequest?.({
        method: req.method ?? 'GET',
        path,
        status: res.statusCode,
        durationMs,
        requestId,
      });
    } catch {
      // A failing access logger must not take the server down.
    }
  });
}

/** Stops listening; requests in flight get `CLOSE_GRACE_MS` to finish before their connections are cut. */
function closeGracefully(server: http.Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    force.unref();
    server.close((error) => {
      clearTimeout(force);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}

/** Serves one HTTP API on loopback the way API Gateway would, calling functions through `invoker`. */
export async function startLocalApi(options: LocalApiOptions): Promise<LocalApiServer> {
  assertSupported(options.api);
  const respond = createGateway(options);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    res.setHeader('apigw-requestid', requestId);
    res.setHeader('x-amzn-requestid', requestId);
    logWhenSent(options, req, res, requestId);
    if (options.serveOther?.(req, res)) return;
    let response: GatewayResponse;
    try {
      response = await respond(req, requestId);
    } catch {
      response = gatewayError(500, GATEWAY_MESSAGES.internal);
    }
    if (!res.headersSent && !res.destroyed) writeResponse(res, response);
  }

  const server = http.createServer((req, res) => {
    void handle(req, res);
  });
  server.on('clientError', answerClientError);
  const url = await listen(server, options.port ?? 3000, options.host ?? '127.0.0.1');
  return { url, close: () => closeGracefully(server) };
}
