import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * Writes a whole JSON (or empty) response with its Content-Length, as the AWS endpoints answer:
 * without it Node frames the body in chunked encoding (size line, body, terminating chunk), more
 * to write and for the SDK to parse on every call.
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body: string,
): void {
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
