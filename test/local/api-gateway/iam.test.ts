import { describe, expect, it } from 'vitest';
import type { LocalApiServer } from '#lib/local/api-gateway/server.ts';
import { signRequest } from '#lib/local/api-gateway/sigv4.ts';
import { CREDENTIALS, FakeInvoker, route, start } from './support.ts';

const NOW = Date.UTC(2026, 0, 1, 0, 10, 0);
const SIGNATURE_MISMATCH = /^The request signature we calculated does not match the signature you provided\./;

async function startIam(
  invoker = new FakeInvoker(),
): Promise<{ server: LocalApiServer; invoker: FakeInvoker }> {
  const authorization = { type: 'AWS_IAM' } as const;
  const routes = [route('ANY /admin/{proxy+}', 'Admin', { authorization }), route('GET /open', 'Open')];
  return { server: await start(routes, invoker, { now: () => NOW, accountId: '123456789012' }), invoker };
}

interface SignedCall {
  readonly url: string;
  readonly method?: string;
  readonly body?: string;
  readonly credentials?: Partial<typeof CREDENTIALS>;
  readonly signingDate?: Date;
}

async function signed(call: SignedCall): Promise<Record<string, string>> {
  return signRequest({
    method: call.method ?? 'POST',
    url: call.url,
    headers: { 'content-type': 'application/json' },
    ...(call.body === undefined ? {} : { body: call.body }),
    credentials: { ...CREDENTIALS, ...call.credentials },
    signingDate: call.signingDate ?? new Date(NOW),
  });
}

async function message(response: Response): Promise<string> {
  return ((await response.json()) as { message: string }).message;
}

describe('Function: startLocalApi', () => {
  describe('AWS_IAM routes', () => {
    it('accepts a request signed with the local credentials and passes the IAM identity', async () => {
      // Prepare
      const { server, invoker } = await startIam();
      const url = `${server.url}/admin/keys/a%20b?z=last&a=2&a=1&flag=&q=x%2By`;
      const body = '{"producer":"plant-7"}';
      const headers = await signed({ url, body });

      // Act
      const response = await fetch(url, { method: 'POST', headers, body });

      // Assess
      expect(response.status).toBe(200);
      const [event] = invoker.eventsFor('Admin');
      expect(event?.requestContext).toMatchObject({
        authorizer: {
          iam: {
            accessKey: 'AKIDLOCAL',
            accountId: '123456789012',
            callerId: '123456789012',
            cognitoIdentity: null,
            principalOrgId: null,
            userArn: 'arn:aws:iam::123456789012:root',
            userId: '123456789012',
          },
        },
      });
      expect(event?.pathParameters).toEqual({ proxy: 'keys/a b' });
    });

    it('accepts a signed GET without a body', async () => {
      // Prepare
      const { server } = await startIam();
      const url = `${server.url}/admin/keys?limit=10`;
      const headers = await signed({ url, method: 'GET' });

      // Act
      const response = await fetch(url, { headers });

      // Assess
      expect(response.status).toBe(200);
    });

    it('answers 403 Missing Authentication Token to an unsigned request', async () => {
      // Prepare
      const { server, invoker } = await startIam();

      // Act
      const response = await fetch(`${server.url}/admin/keys`, { method: 'POST', body: '{}' });

      // Assess
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await message(response)).toBe('Missing Authentication Token');
      expect(invoker.calls).toEqual([]);
    });

    it('answers 403 to an unknown access key', async () => {
      // Prepare
      const { server } = await startIam();
      const url = `${server.url}/admin/keys`;
      const headers = await signed({ url, body: '{}', credentials: { accessKeyId: 'AKIDOTHER' } });

      // Act
      const response = await fetch(url, { method: 'POST', headers, body: '{}' });

      // Assess
      expect(response.status).toBe(403);
      expect(await message(response)).toBe('The security token included in the request is invalid.');
    });

    it('answers 403 to a signature made with the wrong secret', async () => {
      // Prepare
      const { server, invoker } = await startIam();
      const url = `${server.url}/admin/keys`;
      const headers = await signed({ url, body: '{}', credentials: { secretAccessKey: 'not-the-secret' } });

      // Act
      const response = await fetch(url, { method: 'POST', headers, body: '{}' });

      // Assess
      expect(response.status).toBe(403);
      expect(await message(response)).toMatch(SIGNATURE_MISMATCH);
      expect(invoker.calls).toEqual([]);
    });

    it('answers 403 when the body differs from the one signed', async () => {
      // Prepare
      const { server } = await startIam();
      const url = `${server.url}/admin/keys`;
      const headers = await signed({ url, body: '{"producer":"plant-7"}' });

      // Act
      const response = await fetch(url, { method: 'POST', headers, body: '{"producer":"plant-8"}' });

      // Assess
      expect(response.status).toBe(403);
      expect(await message(response)).toMatch(SIGNATURE_MISMATCH);
    });

    it('answers 403 when the query string differs from the one signed', async () => {
      // Prepare
      const { server } = await startIam();
      const headers = await signed({ url: `${server.url}/admin/keys?limit=10`, method: 'GET' });

      // Act
      const response = await fetch(`${server.url}/admin/keys?limit=1000`, { headers });

      // Assess
      expect(response.status).toBe(403);
      expect(await message(response)).toMatch(SIGNATURE_MISMATCH);
    });

    it('answers 403 when the path differs from the one signed', async () => {
      // Prepare
      const { server } = await startIam();
      const headers = await signed({ url: `${server.url}/admin/keys`, method: 'DELETE' });

      // Act
      const response = await fetch(`${server.url}/admin/everything`, { method: 'DELETE', headers });

      // Assess
      expect(response.status).toBe(403);
      expect(await message(response)).toMatch(SIGNATURE_MISMATCH);
    });

    it('answers 403 Signature expired to a request signed more than 5 minutes ago', async () => {
      // Prepare
      const { server } = await startIam();
      const url = `${server.url}/admin/keys`;
      const headers = await signed({ url, body: '{}', signingDate: new Date(NOW - 6 * 60_000) });

      // Act
      const response = await fetch(url, { method: 'POST', headers, body: '{}' });

      // Assess
      expect(response.status).toBe(403);
      expect(await message(response)).toBe(
        'Signature expired: 20260101T000400Z is now earlier than 20260101T000500Z (20260101T001000Z - 5 min.)',
      );
    });

    it('answers 403 to a request signed more than 5 minutes in the future', async () => {
      // Prepare
      const { server } = await startIam();
      const url = `${server.url}/admin/keys`;
      const headers = await signed({ url, body: '{}', signingDate: new Date(NOW + 6 * 60_000) });

      // Act
      const response = await fetch(url, { method: 'POST', headers, body: '{}' });

      // Assess
      expect(response.status).toBe(403);
      expect(await message(response)).toMatch(
        /^Signature not yet current: 20260101T001600Z is still later than/,
      );
    });

    it('accepts a request signed 4 minutes ago', async () => {
      // Prepare
      const { server } = await startIam();
      const url = `${server.url}/admin/keys`;
      const headers = await signed({ url, body: '{}', signingDate: new Date(NOW - 4 * 60_000) });

      // Act
      const response = await fetch(url, { method: 'POST', headers, body: '{}' });

      // Assess
      expect(response.status).toBe(200);
    });

    it('answers 403 to a signature scoped to another region', async () => {
      // Prepare
      const { server } = await startIam();
      const url = `${server.url}/admin/keys`;
      const headers = await signed({ url, body: '{}', credentials: { region: 'eu-west-1' } });

      // Act
      const response = await fetch(url, { method: 'POST', headers, body: '{}' });

      // Assess
      expect(response.status).toBe(403);
      expect(await message(response)).toBe(
        "Credential should be scoped to a valid region, not 'eu-west-1'. ",
      );
    });

    it('answers 403 naming what is missing from a malformed Authorization header', async () => {
      // Prepare
      const { server } = await startIam();

      // Act
      const response = await fetch(`${server.url}/admin/keys`, { headers: { authorization: 'Bearer abc' } });

      // Assess
      expect(response.status).toBe(403);
      expect(await message(response)).toBe(
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
          "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of " +
          "either a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer abc",
      );
    });

    it('leaves routes without authorization open', async () => {
      // Prepare
      const { server, invoker } = await startIam();

      // Act
      const response = await fetch(`${server.url}/open`);

      // Assess
      expect(response.status).toBe(200);
      expect(invoker.eventsFor('Open')[0]?.requestContext).not.toHaveProperty('authorizer');
    });
  });
});
