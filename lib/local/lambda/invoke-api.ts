import type { LambdaError } from './protocol.ts';

/** `POST /2015-03-31/functions/{FunctionName}/invocations`: Lambda's REST Invoke operation. */
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';
const INVOCATION_TYPES: readonly InvocationType[] = ['Event', 'RequestResponse', 'DryRun'];

/** Lambda's payload limits: 6 MB for a synchronous request, 1 MB for an asynchronous one. */
export const MAX_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;
export const MAX_ASYNC_PAYLOAD_BYTES = 1024 * 1024;

/** An error of the Invoke API itself, answered as Lambda does: `{"Type","message"}` plus `x-amzn-ErrorType`. */
export class LambdaApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
    readonly kind: 'User' | 'Service' = 'User',
  ) {
    super(message);
  }

  get body(): { Type: string; message: string } {
    return { Type: this.kind, message: this.message };
  }
}

/** The decoded `{FunctionName}` of an Invoke path, or undefined for any other path. */
export function invokedFunctionName(pathname: string): string | undefined {
  const encoded = INVOKE_PATH.exec(pathname)?.[1];
  if (encoded === undefined) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

/** `X-Amz-Invocation-Type`, `RequestResponse` when absent. */
export function invocationType(header: string | string[] | undefined): InvocationType {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return 'RequestResponse';
  if ((INVOCATION_TYPES as readonly string[]).includes(value)) return value as InvocationType;
  throw new LambdaApiError(
    400,
    'ValidationException',
    `1 validation error detected: Value '${value}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [${INVOCATION_TYPES.join(', ')}]`,
  );
}

/** The ARN Lambda quotes in "Function not found": the caller's name completed with this region and account. */
export function requestedFunctionArn(
  functionName: string,
  qualifier: string | undefined,
  where: { readonly region: string; readonly accountId: string },
): string {
  const arn = functionName.startsWith('arn:')
    ? functionName
    : /^\d{12}:function:/.test(functionName)
      ? `arn:aws:lambda:${where.region}:${functionName}`
      : `arn:aws:lambda:${where.region}:${where.accountId}:function:${functionName}`;
  return qualifier ? `${arn}:${qualifier}` : arn;
}

/** What a synchronous caller receives when the function failed (with `X-Amz-Function-Error: Unhandled`). */
export function functionErrorPayload(error: LambdaError): {
  errorType: string;
  errorMessage: string;
  trace: string[];
} {
  return { errorType: error.errorType, errorMessage: error.errorMessage, trace: [...(error.stack ?? [])] };
}

/** Lambda parses the payload as JSON; an empty payload reaches the function as `{}`. */
export function parsePayload(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new LambdaApiError(
      400,
      'InvalidRequestContentException',
      `Could not parse request body into json: ${(error as Error).message}`,
    );
  }
}
