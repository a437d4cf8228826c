import { describe, expect, it } from 'vitest';
import type { LocalApiServer } from '#lib/local/api-gateway/server.ts';
import type { LocalAuthorizer, LocalRoute } from '#lib/local/topology.ts';
import { FakeInvoker, route, start } from './support.ts';

function authorizer(extra: Partial<LocalAuthorizer> = {}): LocalAuthorizer {
  return {
    logicalId: 'ProducerKeyAuthorizer',
    name: 'ProducerKey',
    functionId: 'AuthFn',
    identitySources: ['$request.header.Authorization'],
    enableSimpleResponses: true,
    payloadFormatVersion: '2.0',
    resultTtlSeconds: 0,
    ...extra,
  };
}

function protectedRoutes(auth: LocalAuthorizer): LocalRoute[] {
  const authorization = { type: 'CUSTOM', authorizer: auth } as const;
  return [route('POST /events', 'Fn', { authorization }), route('GET /events/{id}', 'Fn', { authorization })];
}

function post(server: LocalApiServer, authorization?: string): Promise<Response> {
  return fetch(`${server.url}/events?mode=sync`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: '{"source":"plant.7"}',
  });
}

describe('Function: startLocalApi', () => {
  describe('Lambda REQUEST authorizer', () => {
    it('answers 401 Unauthorized without invoking anything when the identity source is missing', async () => {
      // Prepare
      const invoker = new FakeInvoker();
      const server = await start(protectedRoutes(authorizer()), invoker);

      // Act
      const response = await post(server);

      // Assess
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual({ message: 'Unauthorized' });
      expect(invoker.calls).toEqual([]);
    });

    it('answers 401 when a query-string identity source is empty', async () => {
      // Prepare
      const invoker = new FakeInvoker();
      const auth = authorizer({ identitySources: ['$request.querystring.token'] });
      const server = await start(protectedRoutes(auth), invoker);

      // Act
      const response = await fetch(`${server.url}/events/e1?token=`);

      // Assess
      expect(response.status).toBe(401);
      expect(invoker.calls).toEqual([]);
    });

    it('answers 403 Forbidden when the authorizer says isAuthorized false', async () => {
      // Prepare
      const invoker = new FakeInvoker().on('AuthFn', () => ({ isAuthorized: false }));
      const server = await start(protectedRoutes(authorizer()), invoker);

      // Act
      const response = await post(server, 'Bearer wrong');

      // Assess
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ message: 'Forbidden' });
      expect(invoker.eventsFor('Fn')).toEqual([]);
    });

    it('sends the 2.0 authorizer event and passes its context to the integration', async () => {
      // Prepare
      const invoker = new FakeInvoker().on('AuthFn', () => ({
        isAuthorized: true,
        context: { producer: 'plant-7', sources: '["plant7.*"]' },
      }));
      const server = await start(protectedRoutes(authorizer()), invoker, { accountId: '123456789012' });

      // Act
      const response = await post(server, 'Bearer vgl_key');

      // Assess
      expect(response.status).toBe(200);
      const [authEvent] = invoker.eventsFor('AuthFn');
      expect(authEvent).toMatchObject({
        version: '2.0',
        type: 'REQUEST',
        routeArn: 'arn:aws:execute-api:us-east-1:123456789012:api123/$default/POST/events',
        identitySource: ['Bearer vgl_key'],
        routeKey: 'POST /events',
        rawPath: '/events',
        rawQueryString: 'mode=sync',
        headers: expect.objectContaining({ authorization: 'Bearer vgl_key' }),
        queryStringParameters: { mode: 'sync' },
        requestContext: expect.objectContaining({ routeKey: 'POST /events', stage: '$default' }),
      });
      expect(authEvent).not.toHaveProperty('body');
      const [event] = invoker.eventsFor('Fn');
      expect(event?.requestContext).toMatchObject({
        authorizer: { lambda: { producer: 'plant-7', sources: '["plant7.*"]' } },
      });
      expect(event?.body).toBe('{"source":"plant.7"}');
    });

    it.each([
      ['the authorizer fails', () => Promise.reject(new Error('boom'))],
      ['the response has no isAuthorized', () => ({ authorized: true })],
      ['the context is not an object', () => ({ isAuthorized: true, context: 'x' })],
    ])('answers 500 Internal Server Error when %s', async (_name, handler) => {
      // Prepare
      const invoker = new FakeInvoker().on('AuthFn', handler);
      const server = await start(protectedRoutes(authorizer()), invoker);

      // Act
      const response = await post(server, 'Bearer k');

      // Assess
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ message: 'Internal Server Error' });
      expect(invoker.eventsFor('Fn')).toEqual([]);
    });

    it('reuses a cached result for the same identity across routes, and asks again for another', async () => {
      // Prepare
      const invoker = new FakeInvoker().on('AuthFn', (event) => ({
        isAuthorized: (event.identitySource as string[])[0] === 'Bearer good',
      }));
      const server = await start(protectedRoutes(authorizer({ resultTtlSeconds: 300 })), invoker);

      // Act
      const first = await post(server, 'Bearer good');
      const second = await fetch(`${server.url}/events/e1`, { headers: { authorization: 'Bearer good' } });
      const other = await post(server, 'Bearer bad');
      const otherAgain = await post(server, 'Bearer bad');

      // Assess
      expect([first.status, second.status, other.status, otherAgain.status]).toEqual([200, 200, 403, 403]);
      expect(invoker.eventsFor('AuthFn')).toHaveLength(2);
      expect(invoker.eventsFor('Fn')).toHaveLength(2);
    });

    it('invokes the authorizer again once the cached result has expired', async () => {
      // Prepare
      let now = Date.UTC(2026, 0, 1);
      const invoker = new FakeInvoker().on('AuthFn', () => ({ isAuthorized: true, context: {} }));
      const server = await start(protectedRoutes(authorizer({ resultTtlSeconds: 60 })), invoker, {
        now: () => now,
      });

      // Act
      await post(server, 'Bearer k');
      now += 59_000;
      await post(server, 'Bearer k');
      now += 2_000;
      await post(server, 'Bearer k');

      // Assess
      expect(invoker.eventsFor('AuthFn')).toHaveLength(2);
      expect(invoker.eventsFor('Fn')).toHaveLength(3);
    });

    it('invokes the authorizer on every request when the TTL is 0', async () => {
      // Prepare
      const invoker = new FakeInvoker().on('AuthFn', () => ({ isAuthorized: true }));
      const server = await start(protectedRoutes(authorizer({ resultTtlSeconds: 0 })), invoker);

      // Act
      await post(server, 'Bearer k');
      await post(server, 'Bearer k');

      // Assess
      expect(invoker.eventsFor('AuthFn')).toHaveLength(2);
    });

    it.each([
      ['allows', 'Allow', 'arn:aws:execute-api:us-east-1:000000000000:api123/$default/POST/*', 200],
      ['denies', 'Deny', 'arn:aws:execute-api:us-east-1:000000000000:api123/*', 403],
      ['implicitly denies', 'Allow', 'arn:aws:execute-api:us-east-1:000000000000:api123/$default/GET/*', 403],
    ])('%s by an IAM policy response', async (_name, effect, resource, status) => {
      // Prepare
      const invoker = new FakeInvoker().on('AuthFn', () => ({
        principalId: 'plant-7',
        policyDocument: {
          Version: '2012-10-17',
          Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
        },
        context: { producer: 'plant-7' },
      }));
      const server = await start(protectedRoutes(authorizer({ enableSimpleResponses: false })), invoker);

      // Act
      const response = await post(server, 'Bearer k');

      // Assess
      expect(response.status).toBe(status);
    });
  });
});
