import http from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Invoker } from '#lib/local/topology.ts';
import { FakeInvoker, route, servers, start } from './support.ts';

/** Sends header lines exactly as given (fetch would merge duplicates into one line). */
function rawRequest(url: string, method: string, headers: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const host = new URL(url).host;
    // With raw header lines Node adds no Host header of its own.
    const req = http.request(url, { method, headers: ['Host', host, ...headers] }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Function: startLocalApi', () => {
  describe('the payload format 2.0 event', () => {
    it('passes a GET with query, cookies and path parameters as API Gateway does', async () => {
      // Prepare
      const invoker = new FakeInvoker();
      const server = await start([route('GET /alerts/{id}')], invoker, {
        now: () => Date.UTC(2020, 2, 12, 19, 3, 58, 390),
      });

      // Act
      const response = await fetch(`${server.url}/alerts/a%20b?tag=x&tag=y&q=hello%20world&empty=`, {
        headers: { 'X-Custom-Header': 'One', cookie: 'session=abc; theme=dark', 'user-agent': 'vitest' },
      });

      // Assess
      expect(response.status).toBe(200);
      const [event] = invoker.eventsFor('Fn');
      expect(event).toEqual({
        version: '2.0',
        routeKey: 'GET /alerts/{id}',
        rawPath: '/alerts/a%20b',
        rawQueryString: 'tag=x&tag=y&q=hello%20world&empty=',
        cookies: ['session=abc', 'theme=dark'],
        headers: expect.objectContaining({
          'x-custom-header': 'One',
          'user-agent': 'vitest',
          host: new URL(server.url).host,
          'x-forwarded-for': '127.0.0.1',
          'x-forwarded-proto': 'http',
        }),
        queryStringParameters: { tag: 'x,y', q: 'hello world', empty: '' },
        pathParameters: { id: 'a b' },
        requestContext: {
          accountId: '000000000000',
          apiId: 'api123',
          domainName: '127.0.0.1',
          domainPrefix: '127',
          http: {
            method: 'GET',
            path: '/alerts/a%20b',
            protocol: 'HTTP/1.1',
            sourceIp: '127.0.0.1',
            userAgent: 'vitest',
          },
          requestId: response.headers.get('apigw-requestid'),
          routeKey: 'GET /alerts/{id}',
          stage: '$default',
          time: '12/Mar/2020:19:03:58 +0000',
          timeEpoch: 1584039838390,
        },
        isBase64Encoded: false,
      });
      expect(event?.headers).not.toHaveProperty('cookie');
    });

    it('leaves out cookies, query parameters, path parameters and body when there are none', async () => {
      // Prepare
      const invoker = new FakeInvoker();
      const server = await start([route('GET /health')], invoker);

      // Act
      await fetch(`${server.url}/health`);

      // Assess
      const [event] = invoker.eventsFor('Fn');
      expect(event).not.toHaveProperty('cookies');
      expect(event).not.toHaveProperty('queryStringParameters');
      expect(event).not.toHaveProperty('pathParameters');
      expect(event).not.toHaveProperty('body');
      expect(event).toMatchObject({ rawQueryString: '', isBase64Encoded: false });
      expect(event?.requestContext).not.toHaveProperty('authorizer');
    });

    it('joins repeated header lines with commas', async () => {
      // Prepare
      const invoker = new FakeInvoker();
      const server = await start([route('GET /health')], invoker);

      // Act
      const status = await rawRequest(`${server.url}/health`, 'GET', [
        'X-Dup',
        'a',
        'x-dup',
        'b',
        'Cookie',
        'a=1',
        'cookie',
        'b=2',
      ]);

      // Assess
      expect(status).toBe(200);
      const [event] = invoker.eventsFor('Fn');
      expect(event?.headers).toMatchObject({ 'x-dup': 'a,b' });
      expect(event?.cookies).toEqual(['a=1', 'b=2']);
    });

    it('passes a JSON body as text', async () => {
      // Prepare
      const invoker = new FakeInvoker();
      const server = await start([route('POST /events')], invoker);

      // Act
      await fetch(`${server.url}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: '{"source":"plant.7","note":"é"}',
      });

      // Assess
      expect(invoker.eventsFor('Fn')[0]).toMatchObject({
        body: '{"source":"plant.7","note":"é"}',
        isBase64Encoded: false,
      });
    });

    it.each([
      ['application/octet-stream', 'application/octet-stream'],
      ['a form', 'application/x-www-form-urlencoded'],
    ])('passes a body of type %s as base64', async (_name, contentType) => {
      // Prepare
      const invoker = new FakeInvoker();
      const server = await start([route('POST /upload')], invoker);

      // Act
      await fetch(`${server.url}/upload`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: new Uint8Array([0, 1, 2, 255]),
      });

      // Assess
      expect(invoker.eventsFor('Fn')[0]).toMatchObject({ body: 'AAEC/w==', isBase64Encoded: true });
    });
  });

  describe('the function result', () => {
    it('uses statusCode, headers, cookies and body of a structured result', async () => {
      // Prepare
      const invoker = new FakeInvoker().on('Fn', () => ({
        statusCode: 201,
        headers: { 'X-Trace': 'abc', 'content-type': 'application/json', 'content-length': '999' },
        cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
        body: '{"id":"e1"}',
      }));
      const server = await start([route('POST /events')], invoker);

      // Act
      const response = await fetch(`${server.url}/events`, { method: 'POST', body: '{}' });

      // Assess
      expect(response.status).toBe(201);
      expect(response.headers.get('x-trace')).toBe('abc');
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
      expect(await response.text()).toBe('{"id":"e1"}');
    });

    it('decodes a base64 body', async () => {
      // Prepare
      const invoker = new FakeInvoker().on('Fn', () => ({
        statusCode: 200,
        headers: { 'content-type': 'image/png' },
        body: 'AAEC/w==',
        isBase64Encoded: true,
      }));
      const server = await start([route('GET /image')], invoker);

      // Act
      const response = await fetch(`${server.url}/image`);

      // Assess
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([0, 1, 2, 255]));
    });

    it.each([
      ['an object', { message: 'hello' }, '{"message":"hello"}'],
      ['a string', 'Hello from Lambda!', 'Hello from Lambda!'],
      ['an array', [1, 2], '[1,2]'],
    ])('answers 200 application/json with %s returned without statusCode', async (_name, payload, body) => {
      // Prepare
      const invoker = new FakeInvoker().on('Fn', () => payload);
      const server = await start([route('GET /thing')], invoker);

      // Act
      const response = await fetch(`${server.url}/thing`);

      // Assess
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.text()).toBe(body);
    });

    it.each([
      ['the function fails', () => Promise.reject(new Error('boom'))],
      ['the statusCode is not a number', () => ({ statusCode: 'OK' })],
    ])('answers 500 Internal Server Error when %s', async (_name, handler) => {
      // Prepare
      const invoker = new FakeInvoker().on('Fn', handler);
      const server = await start([route('GET /thing')], invoker);

      // Act
      const response = await fetch(`${server.url}/thing`);

      // Assess
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual({ message: 'Internal Server Error' });
    });

    it('answers 500 when the invoker itself rejects', async () => {
      // Prepare
      const invoker: Invoker = { invoke: () => Promise.reject(new Error('runtime down')) };
      const server = await start([route('GET /thing')], invoker);

      // Act
      const response = await fetch(`${server.url}/thing`);

      // Assess
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ message: 'Internal Server Error' });
    });

    it('answers 503 Service Unavailable past the integration timeout', async () => {
      // Prepare
      const invoker = new FakeInvoker().on('Fn', () => new Promise(() => {}));
      const server = await start([route('GET /slow', 'Fn', { timeoutMs: 50 })], invoker);

      // Act
      const response = await fetch(`${server.url}/slow`);

      // Assess
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ message: 'Service Unavailable' });
    });
  });

  describe('routing', () => {
    const routes = [
      route('GET /pets/dog/1', 'Exact'),
      route('GET /pets/dog/{id}', 'Param'),
      route('GET /pets/{proxy+}', 'PetsGreedy'),
      route('ANY /{proxy+}', 'AnyGreedy'),
      route('$default', 'Default'),
    ];

    it.each([
      ['GET', '/pets/dog/1', 'Exact', undefined],
      ['GET', '/pets/dog/2', 'Param', { id: '2' }],
      ['GET', '/pets/cat/1', 'PetsGreedy', { proxy: 'cat/1' }],
      ['POST', '/pets/cat/1', 'AnyGreedy', { proxy: 'pets/cat/1' }],
      ['GET', '/', 'Default', undefined],
    ])('sends %s %s to %s', async (method, path, functionId, pathParameters) => {
      // Prepare
      const invoker = new FakeInvoker();
      const server = await start(routes, invoker);

      // Act
      const response = await fetch(`${server.url}${path}`, { method });

      // Assess
      expect(response.status).toBe(200);
      expect(invoker.calls.map((call) => call.functionRef)).toEqual([functionId]);
      expect(invoker.calls[0]?.event.pathParameters).toEqual(pathParameters);
    });

    it('prefers a named method over ANY on the same path', async () => {
      // Prepare
      const invoker = new FakeInvoker();
      const server = await start([route('ANY /items', 'Any'), route('GET /items', 'Get')], invoker);

      // Act
      await fetch(`${server.url}/items`);
      await fetch(`${server.url}/items`, { method: 'DELETE' });

      // Assess
      expect(invoker.calls.map((call) => call.functionRef)).toEqual(['Get', 'Any']);
      expect(invoker.calls.map((call) => call.event.routeKey)).toEqual(['GET /items', 'ANY /items']);
    });

    it('answers 404 Not Found when no route has the path', async () => {
      // Prepare
      const invoker = new FakeInvoker();
      const server = await start([route('GET /items')], invoker);

      // Act
      const response = await fetch(`${server.url}/nothing/here`);

      // Assess
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual({ message: 'Not Found' });
      expect(invoker.calls).toEqual([]);
    });

    it('answers 405 with an allow header when the path exists for other methods', async () => {
      // Prepare
      const invoker = new FakeInvoker();
      const server = await start(
        [route('POST /items'), route('GET /items/{id}'), route('GET /items')],
        invoker,
      );

      // Act
      const response = await fetch(`${server.url}/items`, { method: 'DELETE' });

      // Assess
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, POST');
      expect(await response.json()).toEqual({ message: 'Method Not Allowed' });
      expect(invoker.calls).toEqual([]);
    });

    it('refuses to start with a payload format 1.0 route', async () => {
      // Act
      const starting = start([route('GET /old', 'Fn', { payloadFormatVersion: '1.0' })], new FakeInvoker());

      // Assess
      await expect(starting).rejects.toThrow(/payload format 1.0 is not supported/);
    });
  });

  describe('limits and housekeeping', () => {
    it('answers 429 Too Many Requests once the route bucket is empty, and refills at the rate limit', async () => {
      // Prepare
      let now = 1_000_000;
      const invoker = new FakeInvoker();
      const server = await start([route('GET /items')], invoker, {
        throttle: { rateLimit: 1, burstLimit: 2 },
        now: () => now,
      });

      // Act
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${server.url}/items`)).status);
      now += 1_000;
      const refilled = await fetch(`${server.url}/items`);

      // Assess
      expect(statuses).toEqual([200, 200, 429]);
      expect(refilled.status).toBe(200);
      expect(invoker.calls).toHaveLength(3);
    });

    it('answers 413 to a body over 10 MB without invoking the function', async () => {
      // Prepare
      const invoker = new FakeInvoker();
      const server = await start([route('POST /events')], invoker);

      // Act
      const response = await fetch(`${server.url}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new Uint8Array(10 * 1024 * 1024 + 1),
      });

      // Assess
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ message: 'Request Entity Too Large' });
      expect(invoker.calls).toEqual([]);
    });

    it('tags every response with the request id and logs one access line', async () => {
      // Prepare
      const lines: { method: string; path: string; status: number; requestId: string }[] = [];
      const invoker = new FakeInvoker();
      const server = await start([route('GET /items')], invoker, { onRequest: (line) => lines.push(line) });

      // Act
      const ok = await fetch(`${server.url}/items?page=2`);
      const missing = await fetch(`${server.url}/missing`);
      await new Promise((resolve) => setTimeout(resolve, 20));

      // Assess
      const id = ok.headers.get('apigw-requestid');
      expect(id).toMatch(/^[A-Za-z0-9+/]{15}=$/);
      expect(ok.headers.get('x-amzn-requestid')).toBe(id);
      expect(invoker.calls[0]?.event.requestContext).toMatchObject({ requestId: id });
      expect(missing.headers.get('apigw-requestid')).toMatch(/=$/);
      expect(lines).toEqual([
        expect.objectContaining({ method: 'GET', path: '/items', status: 200, requestId: id }),
        expect.objectContaining({ method: 'GET', path: '/missing', status: 404 }),
      ]);
    });

    it('closes promptly with a keep-alive connection open and stops listening', async () => {
      // Prepare
      const server = await start([route('GET /items')], new FakeInvoker());
      servers.pop();
      await (await fetch(`${server.url}/items`)).text();

      // Act
      const startedAt = Date.now();
      await server.close();

      // Assess
      expect(Date.now() - startedAt).toBeLessThan(1_000);
      await expect(fetch(`${server.url}/items`)).rejects.toThrow();
    });
  });
});
