import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeNow, listen } from '../http/listen.ts';
import { readBody } from '../http/read-body.ts';
import { sendJson } from '../http/send-json.ts';
import type { InvokeResult } from '../topology.ts';
import type { AsyncInvocations } from './async-invocations.ts';
import type { ResolvedFunction } from './function-ref.ts';
import {
  functionErrorPayload,
  type InvocationType,
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

/** Far above both payload limits: past it the body is not even kept. */
const MAX_READ_BYTES = MAX_SYNC_PAYLOAD_BYTES + 1024;

function tooLarge(limit: number): LambdaApiError {
  return new LambdaApiError(
    413,
    'RequestEntityTooLargeException',
    `Request must be smaller than ${limit} bytes for the Invoke operation`,
  );
}

function sendError(res: ServerResponse, error: LambdaApiError, requestId: string): void {
  const headers = {
    'content-type': 'application/json',
    'x-amzn-errortype': error.errorType,
    'x-amzn-requestid': requestId,
  };
  sendJson(res, error.status, headers, JSON.stringify(error.body));
}

interface Invocation {
  readonly type: InvocationType;
  /** The ARN the function is invoked under (with the qualifier, when one was given). */
  readonly target: string;
  readonly event: unknown;
}

/** Reads and checks an Invoke request as Lambda does: operation, payload size, function, qualifier. */
async function readInvocation(req: IncomingMessage, options: LocalLambdaApiOptions): Promise<Invocation> {
  const { functions, region, accountId } = options;
  const url = new URL(req.url ?? '/', 'http://local');
  const functionName = invokedFunctionName(url.pathname);
  const read = await readBody(req, MAX_READ_BYTES);
  if (functionName === undefined || req.method !== 'POST')
    throw new LambdaApiError(
      404,
      'UnknownOperationException',
      `${req.method} ${url.pathname} is not an operation of the local Lambda endpoint`,
    );
  const type = invocationType(req.headers['x-amz-invocation-type']);
  const limit = type === 'Event' ? MAX_ASYNC_PAYLOAD_BYTES : MAX_SYNC_PAYLOAD_BYTES;
  if (!read.ok || read.body.length > limit) throw tooLarge(limit);

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
  return { type, target, event: parsePayload(read.body) };
}

async function respond(
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  options: LocalLambdaApiOptions,
): Promise<void> {
  const { type, target, event } = await readInvocation(req, options);
  if (type === 'DryRun') {
    res.writeHead(204, { 'x-amzn-requestid': requestId });
    return void res.end();
  }
  if (type === 'Event') {
    options.asyncInvocations.enqueue(target, event, requestId);
    res.writeHead(202, { 'x-amzn-requestid': requestId, 'content-length': '0' });
    return void res.end();
  }
  const result = await options.functions.invoke(target, event, { requestId });
  const payload = result.ok ? result.payload : functionErrorPayload(result.error);
  const headers = {
    'content-type': 'application/json',
    'x-amzn-requestid': requestId,
    'x-amz-executed-version': '$LATEST',
    ...(result.ok ? {} : { 'x-amz-function-error': 'Unhandled' }),
  };
  sendJson(res, 200, headers, JSON.stringify(payload) ?? 'null');
}

/**
 * Lambda's Invoke API on loopback, for `@aws-sdk/client-lambda` (`AWS_ENDPOINT_URL_LAMBDA`):
 * `RequestResponse` answers 200 with the result (or the error with `X-Amz-Function-Error:
 * Unhandled`), `Event` answers 202 and runs the function in the background with Lambda's async
 * retries, `DryRun` answers 204. Signatures are not checked; `LogType: Tail` and `ClientContext`
 * are ignored.
 */
export async function startLocalLambdaApi(options: LocalLambdaApiOptions): Promise<LocalLambdaApiServer> {
  const server = createServer((req, res) => {
    const requestId = randomUUID();
    respond(req, res, requestId, options).catch((error: unknown) => {
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
  const endpoint = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  return { endpoint, close: () => closeNow(server) };
}
