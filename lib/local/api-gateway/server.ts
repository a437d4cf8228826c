import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Invoker, LocalApi, LocalRoute } from '../topology.ts';
import { LambdaAuthorizers } from './authorizer.ts';
import {
  type AuthorizerContext,
  authorizerEvent,
  describeRequest,
  type ProxyEventV2,
  proxyEvent,
} from './event.ts';
import { authorizeIam } from './iam.ts';
import { type ApiRequest, readBody, toApiRequest } from './request.ts';
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

/** The request pipeline: body limit → route → throttle → authorization → integration. */
function createGateway(options: LocalApiOptions) {
  const now = options.now ?? Date.now;
  const accountId = options.accountId ?? '000000000000';
  const { api, invoker, credentials } = options;
  const routes = new RouteTable(api.routes);
  const throttle = new RouteThrottle(api.throttle, now);
  const authorizers = new LambdaAuthorizers(invoker, now);

  async function authorize(
    route: LocalRoute,
    request: ApiRequest,
    view: ReturnType<typeof describeRequest>,
    pathParameters: Readonly<Record<string, string>> | undefined,
  ): Promise<{ authorizer?: AuthorizerContext; denied?: GatewayResponse }> {
    const { authorization } = route;
    if (authorization.type === 'NONE') return {};
    if (authorization.type === 'AWS_IAM') {
      const outcome = authorizeIam(request, { ...credentials, accountId }, now());
      return outcome.ok ? { authorizer: outcome.authorizer } : { denied: gatewayError(403, outcome.message) };
    }
    const routeArn = `arn:aws:execute-api:${credentials.region}:${accountId}:${api.apiId}/$default/${request.method}/${request.rawPath.slice(1)}`;
    const outcome = await authorizers.authorize(authorization.authorizer, {
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
  async function integrate(route: LocalRoute, event: ProxyEventV2): Promise<GatewayResponse> {
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

  return async function respond(req: IncomingMessage, requestId: string): Promise<GatewayResponse> {
    const read = await readBody(req);
    if (!read.ok) return gatewayError(413, GATEWAY_MESSAGES.tooLarge, { connection: 'close' });
    const request = toApiRequest(req, read.body);
    const resolution = routes.resolve(request.method, request.rawPath);
    if (resolution.kind === 'not-found') return gatewayError(404, GATEWAY_MESSAGES.notFound);
    if (resolution.kind === 'method-not-allowed')
      return gatewayError(405, GATEWAY_MESSAGES.methodNotAllowed, { allow: resolution.allow.join(', ') });
    const { route, pathParameters } = resolution;
    if (!throttle.allows(route.routeKey)) return gatewayError(429, GATEWAY_MESSAGES.throttled);

    const view = describeRequest(request, { apiId: api.apiId, accountId, requestId, timeEpoch: now() });
    const { authorizer, denied } = await authorize(route, request, view, pathParameters);
    if (denied) return denied;
    return integrate(route, proxyEvent(request, view, route.routeKey, pathParameters, authorizer));
  };
}

function formatUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Serves one HTTP API on loopback the way API Gateway would, calling functions through `invoker`. */
export async function startLocalApi(options: LocalApiOptions): Promise<LocalApiServer> {
  assertSupported(options.api);
  const respond = createGateway(options);
  const host = options.host ?? '127.0.0.1';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const requestId = newRequestId();
    res.setHeader('apigw-requestid', requestId);
    res.setHeader('x-amzn-requestid', requestId);
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
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: formatUrl(host, port),
    close: () =>
      new Promise<void>((resolve, reject) => {
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        force.unref();
        server.close((error) => {
          clearTimeout(force);
          if (error) reject(error);
          else resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
