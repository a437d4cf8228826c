import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { countingAuthorizer, createProducerAuthorizer } from '#lib/aws/producer-authorizer.ts';
import { DynamoProducerKeyStore } from '#lib/aws/producer-key-store.ts';
import type { MetricOf } from '#lib/core/metrics.ts';
import {
  generateProducerKey,
  hashProducerKey,
  identityFromContext,
  keyIdOf,
} from '#lib/core/producer-keys.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';
import { captureLog } from '../support/ingest.ts';
import { countingSink } from '../support/metrics.ts';

let store: DynamoProducerKeyStore;
let tables: TestTables;

beforeAll(async () => {
  tables = await createTestTables();
  store = new DynamoProducerKeyStore({ tableName: tables.producerKeys, client: tables.client });
});

function authorizerEvent(authorization?: string): APIGatewayRequestAuthorizerEventV2 {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:us-east-1:000000000000:local/$default/POST/events',
    identitySource: authorization ? [authorization] : [],
    routeKey: 'POST /events',
    rawPath: '/events',
    rawQueryString: '',
    headers: authorization ? { authorization } : {},
    requestContext: {} as APIGatewayRequestAuthorizerEventV2['requestContext'],
  } as APIGatewayRequestAuthorizerEventV2;
}

describe('Function: producer authorizer, against the real DynamoDB', () => {
  it('authorizes a valid key and hands its producer and sources to ingest', async () => {
    // Prepare
    const { key } = await store.create({ producer: 'plant-7', sources: ['plant7.*'] });
    const authorize = createProducerAuthorizer(store, captureLog(), { seconds: 60 });

    // Act
    const result = await authorize(authorizerEvent(`Bearer ${key}`));

    // Assess
    expect(result.isAuthorized).toBe(true);
    expect(identityFromContext(result.context)).toEqual({
      producer: 'plant-7',
      sources: ['plant7.*'],
      modules: [],
      commands: false,
    });
  });

  it('counts each key it accepts or refuses', async () => {
    // Prepare
    const { key } = await store.create({ producer: 'counted', sources: ['c'] });
    const metrics = countingSink<MetricOf<'authorizer'>>();
    const authorize = countingAuthorizer(
      createProducerAuthorizer(store, captureLog(), { seconds: 0 }),
      metrics,
    );

    // Act
    await authorize(authorizerEvent(`Bearer ${key}`));
    await authorize(authorizerEvent('Bearer vgl_thisKeyWasNeverIssuedxxxxxxxxxxxxxxxxxxxxxxxxxx'));
    await authorize(authorizerEvent(undefined));

    // Assess
    expect(metrics.totals).toEqual({ producerKeysAccepted: 1, producerKeysRefused: 2 });
  });

  it.each([
    ['no header', undefined],
    ['a non-bearer header', 'Basic dXNlcjpwYXNz'],
    ['an unknown key', 'Bearer vgl_thisKeyWasNeverIssuedxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  ])('refuses %s', async (_name, header) => {
    expect(
      (await createProducerAuthorizer(store, captureLog(), { seconds: 0 })(authorizerEvent(header)))
        .isAuthorized,
    ).toBe(false);
  });

  it('refuses a revoked key once the cache time has passed', async () => {
    // Prepare
    const { key, record } = await store.create({ producer: 'leaver', sources: ['x'] });
    let now = 1_000_000;
    const authorize = createProducerAuthorizer(store, captureLog(), { seconds: 60 }, () => now);
    expect((await authorize(authorizerEvent(`Bearer ${key}`))).isAuthorized).toBe(true);

    // Act
    await store.revoke(record.keyId);
    const cached = await authorize(authorizerEvent(`Bearer ${key}`));
    now += 61_000;
    const fresh = await authorize(authorizerEvent(`Bearer ${key}`));

    // Assess
    expect(cached.isAuthorized).toBe(true);
    expect(fresh.isAuthorized).toBe(false);
  });

  it("hands a key's module scope and command permission to ingest", async () => {
    // Prepare
    const { key } = await store.create({
      producer: 'line-3',
      sources: ['line3.*'],
      modules: ['press-*'],
      commands: true,
    });

    // Act
    const result = await createProducerAuthorizer(store, captureLog(), { seconds: 0 })(
      authorizerEvent(`Bearer ${key}`),
    );

    // Assess
    expect(identityFromContext(result.context)).toEqual({
      producer: 'line-3',
      sources: ['line3.*'],
      modules: ['press-*'],
      commands: true,
    });
  });

  it('gives a new key no modules and no commands unless asked', async () => {
    // Act
    const { key } = await store.create({ producer: 'plain', sources: ['x'] });

    // Assess
    expect(await store.lookup(key)).toEqual({
      producer: 'plain',
      sources: ['x'],
      modules: [],
      commands: false,
    });
  });

  it('reads a key stored before module scopes without a scope (unscoped, as before)', async () => {
    // Prepare: an item as the store wrote it before module scopes
    const key = generateProducerKey();
    const hash = hashProducerKey(key);
    await tables.client.send(
      new PutItemCommand({
        TableName: tables.producerKeys,
        Item: {
          pk: { S: keyIdOf(hash) },
          hash: { S: hash },
          producer: { S: 'old' },
          sources: { L: [{ S: 'old.*' }] },
          createdAt: { S: '2026-01-01T00:00:00.000Z' },
        },
      }),
    );

    // Act
    const identity = await store.lookup(key);

    // Assess
    expect(identity).toEqual({ producer: 'old', sources: ['old.*'] });
  });

  it('holds at most maxEntries keys in its cache: a key pushed out is looked up again', async () => {
    // Prepare
    const looked: string[] = [];
    const lookup = async (key: string) => {
      looked.push(key);
      return { producer: key, sources: ['*'] };
    };
    const authorize = createProducerAuthorizer({ lookup }, captureLog(), { seconds: 60, maxEntries: 2 });

    // Act
    for (const key of ['vgl_a', 'vgl_b', 'vgl_a', 'vgl_c', 'vgl_a', 'vgl_b'])
      await authorize(authorizerEvent(`Bearer ${key}`));

    // Assess: a, b cached; a hit; c evicts b (least recently used); a hit; b looked up again
    expect(looked).toEqual(['vgl_a', 'vgl_b', 'vgl_c', 'vgl_b']);
  });

  it('stores only the hash of a key', async () => {
    // Act
    const { key } = await store.create({ producer: 'p', sources: ['s'] });

    // Assess
    const listed = JSON.stringify(await store.list());
    expect(listed).not.toContain(key);
    expect(listed).not.toContain(key.slice(4, 20));
  });
});
