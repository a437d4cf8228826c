import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { verifySignature } from '#lib/core/subscriptions/signature.ts';
import {
  adminRequest,
  dynamodb,
  eventually,
  postEvents,
  type ResponseBody,
  tableName,
} from './support/client.ts';
import { type Behaviour, type Receiver, startReceiver } from './support/receiver.ts';

const receivers: Receiver[] = [];
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(behaviour?: Behaviour): Promise<Receiver> {
  const started = await startReceiver(behaviour);
  receivers.push(started);
  return started;
}

let counter = 0;
/** A fresh source (and subscription name) per test, so tests never see each other's events. */
function unique(what: string): string {
  counter++;
  return `e2e.subs.${what}.${Date.now().toString(36)}${counter}`;
}

async function subscribe(
  name: string,
  source: string,
  target: Receiver,
  extra: Record<string, unknown> = {},
) {
  const answer = await adminRequest('POST', '/subscriptions', {
    name,
    match: { sources: [source] },
    target: { url: target.url },
    retryPolicy: { backoffFactor: 0.1, maxBackoff: 1 },
    ...extra,
  });
  expect(answer.status).toBe(201);
  return answer.body as { subscription: ResponseBody; secret: string };
}

async function publish(source: string, extra: Record<string, unknown> = {}): Promise<string> {
  const answer = await postEvents({ source, type: 'thing.happened', ...extra });
  expect(answer.status).toBe(202);
  return answer.body.id as string;
}

/**
 * The event's deliveries, once `ready` accepts them. The deadline is generous: on a loaded 2-core
 * machine one retry cycle (an SQS delay, a cold worker) can take seconds.
 */
function deliveriesOf(eventId: string, ready: (body: ResponseBody) => boolean, timeoutMs = 30_000) {
  return eventually(
    async () => {
      const answer = await adminRequest('GET', `/events/${eventId}/deliveries`);
      return answer.status === 200 && ready(answer.body) ? answer.body : undefined;
    },
    timeoutMs,
    `deliveries of ${eventId}`,
  );
}

/** The notification plan of an alert through one subscription, as stored. */
async function planOf(alertId: string, subscription: string) {
  const { Item } = await dynamodb.send(
    new GetItemCommand({
      TableName: tableName('SubscriptionsTable'),
      Key: { pk: { S: `N#${alertId}` }, sk: { S: subscription } },
      ConsistentRead: true,
    }),
  );
  return Item;
}

const bodyOf = (r: Receiver, i: number) => JSON.parse(r.received[i]?.body ?? '{}');

describe('Subscriptions over the local runtime', { timeout: 120_000 }, () => {
  it('delivers each matching event once to a healthy receiver, signed with the secret shown at creation', async () => {
    // Prepare
    const source = unique('healthy');
    const hook = await receiver();
    const { secret, subscription } = await subscribe(source, source, hook);

    // Act
    const id = await publish(source, { message: 'hot' });
    const other = await publish(unique('other'));
    const record = await deliveriesOf(id, (b) => b.outcome === 'all-delivered');

    // Assess
    expect(subscription).not.toHaveProperty('secret');
    expect(hook.received).toHaveLength(1);
    const [request] = hook.received;
    const verified = verifySignature(
      String(request?.headers['vigil-signature']),
      request?.body ?? '',
      secret,
      Math.floor(Date.now() / 1000),
    );
    expect(verified.ok).toBe(true);
    const body = bodyOf(hook, 0);
    expect(body.subscription).toBe(source);
    expect(body.delivery).toEqual({ id: request?.headers['vigil-delivery-id'], attempt: 1 });
    expect(body.event.detail).toMatchObject({ id, source, severity: 'INFO', message: 'hot' });
    expect(body.event.source).toBe('vigil.ingest');
    expect(record.deliveries).toMatchObject([
      { subscription: source, status: 'delivered', attempt: 1, httpStatus: 200 },
    ]);
    expect((await adminRequest('GET', `/events/${other}/deliveries`)).body.outcome).toBe('none-matched');
    const listed = await adminRequest('GET', `/subscriptions/${source}/deliveries`);
    expect(listed.body.deliveries).toMatchObject([{ eventId: id, status: 'delivered' }]);
    expect((await adminRequest('GET', `/subscriptions/${source}`)).body.subscription).not.toHaveProperty(
      'secret',
    );
  });

  it('delivers on the third attempt to a receiver that fails twice, with the same delivery id', async () => {
    // Prepare
    const source = unique('flaky');
    const hook = await receiver((n) => (n <= 2 ? 503 : 200));
    await subscribe(source, source, hook);

    // Act
    const id = await publish(source);
    const record = await deliveriesOf(id, (b) => b.outcome === 'all-delivered');

    // Assess
    expect(hook.received.map((_, i) => bodyOf(hook, i).delivery.attempt)).toEqual([1, 2, 3]);
    expect(new Set(hook.received.map((r) => r.headers['vigil-delivery-id'])).size).toBe(1);
    expect(record.deliveries).toMatchObject([{ status: 'delivered', attempt: 3, httpStatus: 200 }]);
  });

  it('dead-letters a delivery that always fails, and redrive delivers it once the receiver recovers', async () => {
    // Prepare
    const source = unique('down');
    const hook = await receiver(() => 500);
    await subscribe(source, source, hook, {
      retryPolicy: { maxAttempts: 2, backoffFactor: 0.1, maxBackoff: 1 },
    });
    const id = await publish(source);
    const dead = await deliveriesOf(id, (b) => b.outcome === 'all-failed');
    expect(dead.deliveries).toMatchObject([
      { status: 'dead-lettered', attempt: 2, httpStatus: 500, lastError: 'HTTP 500: nope' },
    ]);
    hook.behaviour = () => 200;

    // Act
    const redriven = await adminRequest('POST', `/subscriptions/${source}/redrive`);
    const record = await deliveriesOf(id, (b) => b.outcome === 'all-delivered');

    // Assess
    expect(redriven).toEqual({ status: 202, body: { redriven: 1, more: false } });
    expect(hook.received).toHaveLength(3);
    expect(record.deliveries).toMatchObject([{ status: 'delivered', httpStatus: 200 }]);
    expect((await adminRequest('POST', `/subscriptions/${source}/redrive`)).body.redriven).toBe(0);
  });

  it('does not let a hanging receiver delay another subscription of the same event', async () => {
    // Prepare
    const source = unique('hang');
    const hanging = await receiver(() => 'hang');
    const healthy = await receiver();
    await subscribe(`${source}.slow`, source, hanging, {
      retryPolicy: { maxAttempts: 1, backoffFactor: 0.1 },
    });
    await subscribe(`${source}.fast`, source, healthy);

    // Act
    const sentAt = Date.now();
    const id = await publish(source);
    await eventually(
      async () => (healthy.received.length > 0 ? true : undefined),
      5_000,
      'the healthy receiver',
    );
    const record = await deliveriesOf(id, (b) => b.outcome !== 'pending');

    // Assess: the healthy one heard before the hanging one's attempt timed out (2 s after it began).
    expect(healthy.received[0]?.at ?? Infinity).toBeLessThan((hanging.received[0]?.at ?? sentAt) + 2_000);
    expect(hanging.received).toHaveLength(1);
    expect(record.outcome).toBe('some-failed');
    const slow = record.deliveries.find((d: ResponseBody) => d.subscription === `${source}.slow`);
    expect(slow).toMatchObject({ status: 'dead-lettered', lastError: 'timed out after 2000 ms' });
  });

  it('holds maxInFlight: one delivery at a time to a receiver that takes its time', async () => {
    // Prepare
    const source = unique('serial');
    const hook = await receiver(() => ({ status: 200, holdMs: 300 }));
    await subscribe(source, source, hook, { maxInFlight: 1 });

    // Act
    const ids = await Promise.all([1, 2, 3, 4].map(() => publish(source)));
    for (const id of ids) await deliveriesOf(id, (b) => b.outcome === 'all-delivered', 20_000);

    // Assess
    expect(hook.received).toHaveLength(4);
    expect(hook.maxConcurrent()).toBe(1);
  });

  it('stops delivering once unsubscribed', async () => {
    // Prepare
    const source = unique('unsub');
    const hook = await receiver();
    const witness = await receiver();
    await subscribe(source, source, hook);
    await subscribe(`${source}.witness`, source, witness);
    await deliveriesOf(await publish(source), (b) => b.outcome === 'all-delivered');

    // Act
    const removed = await adminRequest('DELETE', `/subscriptions/${source}`);
    const id = await publish(source);
    const record = await deliveriesOf(id, (b) => b.outcome === 'all-delivered');

    // Assess
    expect(removed).toEqual({ status: 200, body: { deleted: source } });
    expect(record.deliveries.map((d: ResponseBody) => d.subscription)).toEqual([`${source}.witness`]);
    expect(hook.received).toHaveLength(1);
    expect(witness.received).toHaveLength(2);
    expect((await adminRequest('GET', `/subscriptions/${source}`)).status).toBe(404);
  });

  it('signs with the new and the previous secret after a rotation', async () => {
    // Prepare
    const source = unique('rotate');
    const hook = await receiver();
    const { secret: first } = await subscribe(source, source, hook);

    // Act
    const rotated = await adminRequest('POST', `/subscriptions/${source}/rotate-secret`);
    const id = await publish(source);
    await deliveriesOf(id, (b) => b.outcome === 'all-delivered');

    // Assess
    expect(rotated.status).toBe(200);
    const request = hook.received[0];
    const header = String(request?.headers['vigil-signature']);
    const now = Math.floor(Date.now() / 1000);
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(verifySignature(header, request?.body ?? '', rotated.body.secret, now).ok).toBe(true);
    expect(verifySignature(header, request?.body ?? '', first, now).ok).toBe(true);
  });

  it("delivers Vigil's own alert.opened to a subscription on alert events", async () => {
    // Prepare
    const source = unique('alerting');
    const hook = await receiver();
    await adminRequest('POST', '/subscriptions', {
      name: source,
      match: { types: ['alert.opened'], sources: [source] },
      target: { url: hook.url },
    });

    // Act
    await publish(source, { severity: 'CRITICAL', message: 'boiler pressure' });
    await eventually(async () => (hook.received.length > 0 ? true : undefined), 30_000, 'alert.opened');

    // Assess
    const { event } = bodyOf(hook, 0);
    expect(event).toMatchObject({ source: 'vigil.alerts', 'detail-type': 'alert.opened' });
    expect(event.detail.data.alert).toMatchObject({ source, state: 'new', severity: 'CRITICAL' });
  });

  it('calls back on one layer of a module: module.transitioned matched on detail.data.layer', async () => {
    // Prepare
    const module = unique('module').replaceAll('.', '-');
    const health = await receiver();
    const witness = await receiver();
    const transitioned = (data: Record<string, unknown>) => ({
      'detail-type': ['module.transitioned'],
      detail: { module: [module], ...(Object.keys(data).length > 0 ? { data } : {}) },
    });
    await adminRequest('POST', '/subscriptions', {
      name: `${module}.health`,
      match: transitioned({ layer: ['health'] }),
      target: { url: health.url },
    });
    await adminRequest('POST', '/subscriptions', {
      name: `${module}.all`,
      match: transitioned({}),
      target: { url: witness.url },
    });

    // Act: one override changing two layers gives two module.transitioned events.
    const changed = await adminRequest('POST', `/modules/${module}/events`, {
      type: 'PRIORITY_OVERRIDE',
      data: { lifecycle: 'Active', health: 'Critical' },
      by: 'e2e',
    });
    await eventually(
      async () => (witness.received.length >= 2 ? true : undefined),
      30_000,
      'both transitions',
    );
    await eventually(async () => (health.received.length >= 1 ? true : undefined), 30_000, 'the health one');

    // Assess
    expect(changed.status).toBe(200);
    expect(health.received).toHaveLength(1);
    expect(bodyOf(health, 0).event.detail.data).toMatchObject({ module, layer: 'health', to: 'Critical' });
  });

  it('notifies a slack receiver of a CRITICAL alert, repeats it, escalates it, stops after an ack, and tells both of the resolution', async () => {
    // Prepare: durations × 0.02 in the e2e app (repeat every 1.2 s, escalate after 2.4 s)
    const source = unique('page');
    const oncall = await receiver();
    const manager = await receiver();
    const second = await adminRequest('POST', '/subscriptions', {
      name: `${source}.manager`,
      match: { sources: [`${source}.never`] },
      target: { url: manager.url, format: 'slack' },
    });
    const first = await adminRequest('POST', '/subscriptions', {
      name: `${source}.oncall`,
      match: { 'detail-type': [{ prefix: 'alert.' }], detail: { source: [source] } },
      target: { url: oncall.url, format: 'slack' },
      notify: { repeatInterval: 60, escalate: [{ after: 120, subscription: `${source}.manager` }] },
    });
    expect([second.status, first.status]).toEqual([201, 201]);
    const texts = (r: Receiver) => r.received.map((m) => String(JSON.parse(m.body).text));
    const heard = (r: Receiver, what: string) =>
      eventually(async () => (texts(r).some((t) => t.includes(what)) ? true : undefined), 30_000, what);

    // Act 1: the alert opens, is repeated, then escalated
    await publish(source, { severity: 'CRITICAL', message: 'reactor hot' });
    await heard(oncall, '[CRITICAL] alert.opened');
    await heard(oncall, 'Still open: [CRITICAL] alert.opened');
    await heard(manager, 'Escalated: [CRITICAL] alert.opened');
    const alertId = (await adminRequest('GET', `/alerts?source=${source}`)).body.alerts[0].id as string;

    // Act 2: acknowledged, the plan ends at its next look
    expect((await adminRequest('POST', `/alerts/${alertId}/ack`, { by: 'e2e' })).status).toBe(200);
    await eventually(
      async () => ((await planOf(alertId, `${source}.oncall`))?.ended?.BOOL ? true : undefined),
      30_000,
      'the plan to end',
    );
    const repeatsAtAck = texts(oncall).filter((t) => t.startsWith('Still open')).length;

    // Act 3: resolved
    expect((await adminRequest('POST', `/alerts/${alertId}/resolve`, { by: 'e2e' })).status).toBe(200);
    await heard(oncall, 'alert.resolved');
    await heard(manager, 'alert.resolved');

    // Assess
    expect(texts(oncall).filter((t) => t.startsWith('Still open')).length).toBe(repeatsAtAck);
    expect(texts(manager).filter((t) => t.startsWith('Escalated')).length).toBe(1);
    expect(JSON.parse(oncall.received[0]?.body ?? '{}').attachments[0].color).toBe('#d0021b');
  });

  it('answers bad requests with 4xx naming the field', async () => {
    // Prepare
    const hook = await receiver();
    const base = { name: unique('bad'), target: { url: hook.url } };

    // Act
    const badPattern = await adminRequest('POST', '/subscriptions', {
      ...base,
      match: { detail: { x: [{ numeric: ['>', 'ten'] }] } },
    });
    const notify = await adminRequest('POST', '/subscriptions', {
      ...base,
      match: { types: ['alert.opened'] },
      notify: { repeatInterval: 60, escalate: [{ after: 120, subscription: 'e2e.nobody' }] },
    });
    const plainHttp = await adminRequest('POST', '/subscriptions', {
      ...base,
      match: { sources: ['a'] },
      target: { url: 'http://example.com/x' },
    });
    await adminRequest('POST', '/subscriptions', { ...base, match: { sources: ['a'] } });
    const again = await adminRequest('POST', '/subscriptions', { ...base, match: { sources: ['a'] } });
    const missing = await adminRequest('GET', '/subscriptions/e2e.none/deliveries');

    // Assess
    expect(badPattern.status).toBe(400);
    expect(badPattern.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'match' });
    expect(notify.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'notify.escalate[0].subscription',
    });
    expect(plainHttp.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'target.url' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('SUBSCRIPTION_EXISTS');
    expect(missing.status).toBe(404);
  });
});
