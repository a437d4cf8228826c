import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '#lib/core/subscriptions/signature.ts';
import { runVigil, vigilJson } from './support/cli.ts';
import { eventually, postEvents } from './support/client.ts';

/** A webhook receiver on loopback that answers 200 and keeps what it got. */
let server: Server;
let url: string;
const received: { body: string; signature: string }[] = [];

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => resolve(body));
  });
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    received.push({
      body: await readBody(request),
      signature: String(request.headers['vigil-signature'] ?? ''),
    });
    response.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('CLI: subscriptions', () => {
  it('subscribes a webhook, which gets a matching event signed with the secret shown once; lists, shows deliveries, rotates and unsubscribes', async () => {
    // Prepare
    const name = `cli-sub-${ulid().slice(-8).toLowerCase()}`;
    const type = `cli.subscribed-${ulid().slice(-8).toLowerCase()}`;

    // Act
    const created = await vigilJson(['subscribe', name, '--url', url, '--type', type, '--max-attempts', '2']);
    const posted = await postEvents({ source: 'cli.subscriber', type });
    const delivery = await eventually(
      async () => received.find((r) => r.body.includes(posted.body.id)),
      20_000,
      'the delivery',
    );
    const listed = await vigilJson(['subscriptions']);
    const deliveries = await eventually(async () => {
      const page = await vigilJson(['subscriptions', name, '--deliveries']);
      return page.deliveries.some((d: { status: string }) => d.status === 'delivered') ? page : undefined;
    }, 30_000);
    const rotated = await vigilJson(['subscriptions', name, '--rotate-secret']);
    const removed = await runVigil(['unsubscribe', name]);
    const gone = await runVigil(['subscriptions', name]);

    // Assess
    expect(created.subscription).toMatchObject({
      name,
      match: { 'detail-type': [type] },
      retryPolicy: { maxAttempts: 2 },
    });
    expect(created.secret).toMatch(/^whsec_/);
    expect(
      verifySignature(delivery.signature, delivery.body, created.secret, Math.floor(Date.now() / 1000)).ok,
    ).toBe(true);
    expect(JSON.parse(delivery.body)).toMatchObject({
      subscription: name,
      event: { detail: { id: posted.body.id, type } },
    });
    expect(listed.map((s: { name: string }) => s.name)).toContain(name);
    expect(deliveries.deliveries[0]).toMatchObject({
      eventId: posted.body.id,
      status: 'delivered',
      httpStatus: 200,
    });
    expect(rotated.secret).not.toBe(created.secret);
    expect(removed.code).toBe(0);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('404');
  }, 90_000);

  it('exits 2 naming the flag for a malformed escalation, and 1 naming match for an invalid pattern', async () => {
    // Act
    const usage = await runVigil(['subscribe', 'x', '--url', url, '--escalate', 'lead']);
    const invalid = await runVigil(['subscribe', 'x', '--url', url, '--match', '{"source":[{"prefix":1}]}']);

    // Assess
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('AFTER:SUBSCRIPTION');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('match');
  });
});
