import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InvokeResult } from '../topology.ts';
import type { AsyncInvocations } from './async-invocations.ts';
import type { ResolvedFunction } from './function-ref.ts';
import {
  functionErrorPayload,
  invocationType,
  invokedFunctionName,
  LambdaApiError,
  MAX_ASYNC_PAYLOAD_BYTES,
  MAX_SYNC_PAYLOAD_BYTES,
  parsePayload,
  requestedFunctionArn,
} from './invoke-api.ts';

/** The functions behind the endpoint: the local Lambda runtime. */
export interface InvokableFunctions {
  resolve(functionRef: string): ResolvedFunction | undefined;
  invoke(functionRef: string, event: unknown, options: { readonly requestId: string }): Promise<InvokeResult>;
}

export interface LocalLambdaApiOptions {
  readonly functions: InvokableFunctions;
  /** Where `Event` invocations go. */
  readonly asyncInvocations: Pick<AsyncInvocations, 'enqueue'>;
  readonly region: string;
  readonly accountId: string;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default 0 (any free port) */
  readonly port?: number;
}

export interface LocalLambdaApiServer {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** Far above both payload limits: past it the body is not even read. */
const MAX_READ_BYTES = MAX_SYNC_PAYLOAD_BYTES + 1024;

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_READ_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_READ_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(limit: number): LambdaApiError {
  return new LambdaApiError(
    413,
    'RequestEntityTooLargeException',
    `Request must be smaller than ${limit} bytes for the Invoke operation`,
  );
}

function sendError(res: ServerResponse, error: LambdaApiError, requestId: string): void {
  res.writeHead(error.status, {
    'content-type': 'application/json',
    'x-amzn-errortype': error.errorType,
    'x-amzn-requestid': requestId,
  });
  res.end(JSON.stringify(error.body));
}

/**
 * Lambda's Invoke API on loopback, for `@aws-sdk/client-lambda` (`AWS_ENDPOINT_URL_LAMBDA`):
 * `RequestResponse` answers 200 with the result (or the error with `X-Amz-Function-Error:
 * Unhandled`), `Event` answers 202 and runs the function in the background with Lambda's async
 * retries, `DryRun` answers 204. Signatures are not checked; `LogType: Tail` and `ClientContext`
 * are ignored.
 */
export function startLocalLambdaApi(options: LocalLambdaApiOptions): Promise<LocalLambdaApiServer> {
  const { functions, asyncInvocations, region, accountId } = options;

  async function respond(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const functionName = invokedFunctionName(url.pathname);
    const body = await readBody(req);
    if (functionName === undefined || req.method !== 'POST')
      throw new LambdaApiError(
        404,
        'UnknownOperationException',
        `${req.method} ${url.pathname} is not an operation of the local Lambda endpoint`,
      );
    const type = invocationType(req.headers['x-amz-invocation-type']);
    const limit = type === 'Event' ? MAX_ASYNC_PAYLOAD_BYTES : MAX_SYNC_PAYLOAD_BYTES;
    if (body === undefined || body.length > limit) throw tooLarge(limit);

    const qualifier = url.searchParams.get('Qualifier') ?? undefined;
    const resolved = functions.resolve(functionName);
    if (!resolved)
      throw new LambdaApiError(
        404,
        'ResourceNotFoundException',
        `Function not found: ${requestedFunctionArn(functionName, qualifier, { region, accountId })}`,
      );
    const { fn, invokedFunctionArn } = resolved;
    const inName = invokedFunctionArn === fn.arn ? undefined : invokedFunctionArn.slice(fn.arn.length + 1);
    if (qualifier && inName && qualifier !== inName)
      throw new LambdaApiError(
        400,
        'InvalidParameterValueException',
        'The derived qualifier from the function name does not match the specified qualifier.',
      );
    const target = qualifier ? `${fn.arn}:${qualifier}` : invokedFunctionArn;
    const event = parsePayload(body);

    if (type === 'DryRun') {
      res.writeHead(204, { 'x-amzn-requestid': requestId });
      return void res.end();
    }
    if (type === 'Event') {
      asyncInvocations.enqueue(target, event, requestId);
      res.writeHead(202, { 'x-amzn-requestid': requestId, 'content-length': '0' });
      return void res.end();
    }
    const result = await functions.invoke(target, event, { requestId });
    const payload = result.ok ? result.payload : functionErrorPayload(result.error);
    res.writeHead(200, {
      'content-type': 'application/json',
      'x-amzn-requestid': requestId,
      'x-amz-executed-version': '$LATEST',
      ...(result.ok ? {} : { 'x-amz-function-error': 'Unhandled' }),
    });
    res.end(JSON.stringify(payload) ?? 'null');
  }

  const server = createServer((req, res) => {
    const requestId = randomUUID();
    respond(req, res, requestId).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      sendError(
        res,
        error instanceof LambdaApiError
          ? error
          : new LambdaApiError(500, 'ServiceException', 'The local Lambda endpoint failed', 'Service'),
        requestId,
      );
    });
  });
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        endpoint: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
