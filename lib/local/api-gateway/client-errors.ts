import type { Socket } from 'node:net';
import { GATEWAY_MESSAGES } from './responses.ts';

/** Node's parser codes for a request line or headers past its limit (http.maxHeaderSize, 16 KB). */
const HEADER_OVERFLOW = new Set(['HPE_HEADER_OVERFLOW', 'HPE_URI_TOO_LONG']);

/**
 * What the API answers when Node cannot parse a request at all, so that even these answers have the
 * gateway's JSON error body (Node's own 431 and 400 have none). Headers past the parser's limit are
 * 431; any other malformed request 400. AWS documents HTTP APIs' limit (request line and header
 * values together at most 10,240 bytes) but not its answer; the local limit is Node's.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const tooLarge = HEADER_OVERFLOW.has(error.code ?? '');
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const body = JSON.stringify({
    message: tooLarge ? GATEWAY_MESSAGES.headersTooLarge : GATEWAY_MESSAGES.badRequest,
  });
  socket.end(
    `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
