import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#lib/local/local-account.ts';
import {
  adminRequest,
  dynamodb,
  eventually,
  postEvents,
  probeDeliveries,
  type ResponseBody,
  tableName,
  vigil,
} from './support/client.ts';

/** 25 events of one e2e source, accepted over HTTP: types a (13) and b (12), in order. */
const source = `e2e.replay.${ulid()}`;
let ids: string[] = [];
let range: { from: string; to: string };

async function historyCount(): Promise<number> {
  const { body } = await adminRequest(
    'GET',
    `/events?source=${source}&from=${range.from}&to=${range.to}&limit=1000`,
  );
  return body.events.length;
}

/** What the replay probe rule received: the replayed deliveries of each id (source vigil.replay) of one replay. */
async function replayedTo(replayId: string, of: readonly string[] = ids): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const id of of) {
    const deliveries = (await probeDeliveries(id)).filter(
      (e: ResponseBody) => e.source === 'vigil.replay' && e.detail.replay?.replayId === replayId,
    );
    if (deliveries.length > 0) counts.set(id, deliveries.length);
  }
  return counts;
}

async function finished(replayId: string): Promise<ResponseBody> {
  return eventually(
    async () => {
      const { body } = await adminRequest('GET', `/replay/${replayId}`);
      return body.replay.status === 'running' ? undefined : body.replay;
    },
    20_000,
    `replay ${replayId} to end`,
  );
}

beforeAll(async () => {
  const from = new Date(Date.now() - 1000).toISOString();
  const events = Array.from({ length: 25 }, (_, i) => ({
    source,
    type: i % 2 === 0 ? 'a' : 'b',
    message: `#${i}`,
  }));
  const response = await postEvents({ events });
  expect(response.status).toBe(202);
  ids = response.body.results.map((r: { id: string }) => r.id);
  // Every original delivery has reached the probe before any replay starts.
  await eventually(
    async () => ((await Promise.all(ids.map(probeDeliveries))).every((d) => d.length > 0) ? true : undefined),
    10_000,
    'the original deliveries',
  );
  // Taken after the deliveries: every event was received (well) before it.
  range = { from, to: new Date().toISOString() };
}, 30_000);

describe('Local runtime: replay, end to end', () => {
  it('replays a filtered range to a subscribing rule, marked, each event once, and leaves history unchanged', async () => {
    // Prepare
    const before = await historyCount();

    // Act
    const started = await adminRequest('POST', '/replay', { ...range, filter: { source, type: 'a' } });
    const replay = await finished(started.body.replayId);

    // Assess
    expect(started).toMatchObject({ status: 202, body: { replayId: expect.any(String), status: 'running' } });
    expect(replay).toMatchObject({ status: 'completed', counts: { matched: 13, published: 13, failed: 0 } });
    const typeA = ids.filter((_, i) => i % 2 === 0);
    const received = await eventually(
      async () => {
        const got = await replayedTo(started.body.replayId);
        return got.size === typeA.length ? got : undefined;
      },
      5_000,
      'the replayed deliveries',
    );
    expect([...received.keys()].sort()).toEqual([...typeA].sort());
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    const delivery: ResponseBody = (await probeDeliveries(typeA[0] as string)).find(
      (e: ResponseBody) => e.source === 'vigil.replay',
    );
    expect(delivery.detail.replay).toEqual({
      replayId: started.body.replayId,
      originalReceivedAt: delivery.detail.receivedAt,
    });
    expect(before).toBe(25);
    expect(await historyCount()).toBe(25);
  });

  it('answers the same replay to the same name', async () => {
    const name = `nightly-${ulid()}`;
    const first = await adminRequest('POST', '/replay', { ...range, name, filter: { source, type: 'b' } });
    const second = await adminRequest('POST', '/replay', { ...range, name, filter: { source, type: 'b' } });
    expect(first.status).toBe(202);
    expect(second).toMatchObject({ status: 200, body: { replayId: first.body.replayId, existing: true } });
    await finished(first.body.replayId);
  });

  it('stops a cancelled replay mid-way', async () => {
    const started = await adminRequest('POST', '/replay', { ...range, filter: { source }, ratePerSecond: 4 });
    const replayId: string = started.body.replayId;
    await eventually(
      async () => ((await replayedTo(replayId)).size > 0 ? true : undefined),
      10_000,
      'the first replayed deliveries',
    );

    const cancelled = await adminRequest('POST', `/replay/${replayId}/cancel`);
    const again = await adminRequest('POST', `/replay/${replayId}/cancel`);
    const { body } = await adminRequest('GET', `/replay/${replayId}`);
    // What the replay counted as published has all reached the probe (the count no longer moves).
    await eventually(
      async () => {
        const received = await replayedTo(replayId);
        return [...received.values()].reduce((a, b) => a + b, 0) >= body.replay.counts.published
          ? true
          : undefined;
      },
      10_000,
      'the counted replayed deliveries',
    );

    expect(cancelled).toMatchObject({ status: 200, body: { replay: { status: 'cancelled' } } });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'REPLAY_FINISHED' } } });
    expect(body.replay.counts.published).toBeGreaterThan(0);
    expect(body.replay.counts.published).toBeLessThan(25);
    const received = await replayedTo(started.body.replayId);
    expect([...received.values()].reduce((a, b) => a + b, 0)).toBe(body.replay.counts.published);
  });

  it('resumes a crashed replay from its stored place without re-publishing what it finished', async () => {
    // Prepare: the state a run leaves when it dies after its first batch of 10 (lease long run out)
    const replayId = ulid();
    const request = { ...range, filter: { source } };
    const at = new Date().toISOString();
    await dynamodb.send(
      new PutItemCommand({
        TableName: tableName('ReplayReplays'),
        Item: marshall({
          pk: `R#${replayId}`,
          id: replayId,
          status: 'running',
          request,
          counts: { matched: 10, published: 10, failed: 0 },
          cursor: await positionOf(ids[9] as string),
          createdAt: at,
          updatedAt: at,
          runs: 1,
          leaseOwner: 'a-run-that-died',
          leaseUntil: Date.now() - 60_000,
        }),
      }),
    );

    // Act
    const resumed = await adminRequest('POST', `/replay/${replayId}/resume`);
    const replay = await finished(replayId);

    // Assess
    expect(resumed.status).toBe(202);
    expect(replay).toMatchObject({ status: 'completed', counts: { matched: 25, published: 25 }, runs: 2 });
    const received = await eventually(
      async () => {
        const got = await replayedTo(replayId);
        return got.size === 15 ? got : undefined;
      },
      5_000,
      'the rest of the replay',
    );
    expect([...received.keys()].sort()).toEqual(ids.slice(10).sort());
  });

  it('starts a replay on a direct invocation of the replay function with the same JSON', async () => {
    const lambda = new LambdaClient({
      endpoint: vigil.info.lambdaEndpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const functionName = Object.entries(vigil.info.functions).find(([id]) =>
      id.startsWith('ReplayFunction'),
    )?.[1];
    const output = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        Payload: new TextEncoder().encode(
          JSON.stringify({ ...range, filter: { source, type: 'b' }, dryRun: true }),
        ),
      }),
    );
    const answer = JSON.parse(new TextDecoder().decode(output.Payload));
    expect(output.FunctionError).toBeUndefined();
    expect(answer).toMatchObject({ dryRun: true, matched: 12, complete: true });
    expect(answer.sample).toHaveLength(10);

    const started = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        Payload: new TextEncoder().encode(JSON.stringify({ ...range, filter: { source, type: 'b' } })),
      }),
    );
    const { replayId, status } = JSON.parse(new TextDecoder().decode(started.Payload));
    expect(status).toBe('running');
    expect(await finished(replayId)).toMatchObject({ status: 'completed', counts: { published: 12 } });
  });

  it('refuses unsigned replay requests and bad ranges', async () => {
    const unsigned = await fetch(`${vigil.config.endpoint}/replay`, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(403);
    const backwards = await adminRequest('POST', '/replay', { from: range.to, to: range.from });
    expect(backwards).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED', field: 'from' } },
    });
  });
});

/** An event's place in history, as GET /events/{id} shows it. */
async function positionOf(id: string): Promise<{ receivedAt: string; id: string }> {
  const { body } = await adminRequest('GET', `/events/${id}`);
  return { receivedAt: body.event.receivedAt, id };
}
