import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export const RETRY_AFTER_SECONDS = 2;

/** A JSON answer; a 503 also says when to try again (`retry-after`). */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  const retry: Record<string, string> =
    statusCode === 503 ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {};
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...retry, ...headers },
    body: JSON.stringify(body),
  };
}
