import { afterEach } from 'vitest';
import { type LocalApiOptions, type LocalApiServer, startLocalApi } from '#lib/local/api-gateway/server.ts';
import type { InvokeResult, Invoker, LocalApi, LocalRoute } from '#lib/local/topology.ts';

/** Test double of the function runtime: records each event and answers with a scripted payload or error. */
export class FakeInvoker implements Invoker {
  readonly calls: { functionRef: string; event: Record<string, unknown> }[] = [];
  private readonly handlers = new Map<string, (event: Record<string, unknown>) => unknown>();

  on(functionRef: string, handler: (event: Record<string, unknown>) => unknown): this {
    this.handlers.set(functionRef, handler);
    return this;
  }

  eventsFor(functionRef: string): Record<string, unknown>[] {
    return this.calls.filter((call) => call.functionRef === functionRef).map((call) => call.event);
  }

  async invoke(functionRef: string, event: unknown): Promise<InvokeResult> {
    this.calls.push({ functionRef, event: event as Record<string, unknown> });
    const base = { durationMs: 1, coldStart: false, requestId: 'lambda-request' };
    try {
      const payload = await (this.handlers.get(functionRef) ?? (() => ({ statusCode: 200 })))(
        event as Record<string, unknown>,
      );
      return { ok: true, payload, ...base };
    } catch (error) {
      return { ok: false, error: { errorType: 'Error', errorMessage: String(error) }, ...base };
    }
  }
}

export const CREDENTIALS = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret', region: 'us-east-1' };

export function route(routeKey: string, functionId = 'Fn', extra: Partial<LocalRoute> = {}): LocalRoute {
  return {
    logicalId: `Route${routeKey}`,
    routeKey,
    functionId,
    payloadFormatVersion: '2.0',
    timeoutMs: 30_000,
    authorization: { type: 'NONE' },
    ...extra,
  };
}

export const servers: LocalApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Starts a local API on a free port; every server started is closed after each test. */
export async function start(
  routes: readonly LocalRoute[],
  invoker: Invoker,
  extra: Partial<LocalApiOptions> & { throttle?: LocalApi['throttle'] } = {},
): Promise<LocalApiServer> {
  const api: LocalApi = {
    logicalId: 'Api',
    name: 'vigil-api',
    apiId: 'api123',
    routes,
    ...(extra.throttle ? { throttle: extra.throttle } : {}),
  };
  const server = await startLocalApi({ api, invoker, port: 0, credentials: CREDENTIALS, ...extra });
  servers.push(server);
  return server;
}
