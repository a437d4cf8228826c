import type { ServerResponse } from 'node:http';

/** The bodies API Gateway itself answers with (not the integration's). */
export const GATEWAY_MESSAGES = {
  notFound: 'Not Found',
  // AWS answers an unmatched method with 404 Not Found; the local API says 405 so a wrong method is obvious.
  methodNotAllowed: 'Method Not Allowed',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  tooLarge: 'Request Entity Too Large',
  headersTooLarge: 'Request Header Fields Too Large',
  badRequest: 'Bad Request',
  throttled: 'Too Many Requests',
  internal: 'Internal Server Error',
  unavailable: 'Service Unavailable',
  missingToken: 'Missing Authentication Token',
} as const;

export interface GatewayResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: Buffer;
}

export function gatewayError(
  statusCode: number,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): GatewayResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.from(JSON.stringify({ message })),
  };
}

export function writeResponse(res: ServerResponse, response: GatewayResponse): void {
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  res.setHeader('content-length', response.body.length);
  res.statusCode = response.statusCode;
  res.end(response.body);
}
