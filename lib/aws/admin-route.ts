import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { MalformedBodyError } from '../core/ingest/errors.ts';

export type AdminHttpEvent = APIGatewayProxyEventV2WithIAMAuthorizer;

/** One admin route: its handler gets the request and the function's dependencies. */
export type AdminRoute<D> = (event: AdminHttpEvent, deps: D) => Promise<APIGatewayProxyStructuredResultV2>;

/** The request body as JSON (`{}` when empty); 400 naming `body` when it is not JSON. */
export function jsonBody(event: AdminHttpEvent): unknown {
  const text = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  try {
    return text === '' ? {} : JSON.parse(text);
  } catch (error) {
    throw new MalformedBodyError(`body: must be valid JSON (${(error as Error).message})`);
  }
}

/** The signed-in caller (SigV4), as API Gateway's IAM authorizer names them. */
export function callerOf(event: AdminHttpEvent): string | undefined {
  const iam = event.requestContext?.authorizer?.iam;
  return iam?.userArn ?? iam?.userId ?? undefined;
}
