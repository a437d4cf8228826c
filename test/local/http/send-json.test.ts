import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendJson } from '#lib/local/http/send-json.ts';

let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** The raw response head and body, as the SDK's HTTP client reads them. */
function rawResponse(port: number): Promise<{ headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', method: 'POST', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (text: string) => {
        body += text;
      });
      res.on('end', () => resolve({ headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Function: sendJson', () => {
  it('answers with the body length in bytes and no chunked framing', async () => {
    // Prepare
    const body = JSON.stringify({ Entries: [{ EventId: 'é' }] });
    server = createServer((_req, res) => sendJson(res, 200, { 'content-type': 'application/json' }, body));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));

    // Act
    const response = await rawResponse((server.address() as AddressInfo).port);

    // Assess
    expect(response.body).toBe(body);
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(response.headers['content-length']).not.toBe(String(body.length));
    expect(response.headers['transfer-encoding']).toBeUndefined();
    expect(response.headers['content-type']).toBe('application/json');
  });
});
