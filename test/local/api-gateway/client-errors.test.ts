import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { FakeInvoker, route, start } from './support.ts';

/** Writes `request` on a plain socket and resolves with everything the server answered. */
function exchange(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.end(request));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

function parse(answer: string): { status: number; contentType: string | undefined; body: unknown } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [statusLine = '', ...headers] = head.split('\r\n');
  const contentType = headers.find((h) => h.toLowerCase().startsWith('content-type:'));
  return {
    status: Number(statusLine.split(' ')[1]),
    contentType: contentType?.split(':')[1]?.trim(),
    body: JSON.parse(body),
  };
}

describe('Function: answerClientError, on the local API', () => {
  it("answers headers past the parser's limit 431 with the gateway's JSON message", async () => {
    // Prepare
    const server = await start([route('POST /events')], new FakeInvoker());
    const huge = 'x'.repeat(20_000);

    // Act
    const answer = await exchange(
      server.url,
      `POST /events HTTP/1.1\r\nHost: local\r\nX-Big: ${huge}\r\n\r\n`,
    );

    // Assess
    expect(parse(answer)).toEqual({
      status: 431,
      contentType: 'application/json',
      body: { message: 'Request Header Fields Too Large' },
    });
  });

  it('answers a request Node cannot parse 400 with a JSON message', async () => {
    // Prepare
    const server = await start([route('POST /events')], new FakeInvoker());

    // Act
    const answer = await exchange(server.url, 'NOT A REQUEST\r\n\r\n');

    // Assess
    expect(parse(answer)).toEqual({
      status: 400,
      contentType: 'application/json',
      body: { message: 'Bad Request' },
    });
  });
});
