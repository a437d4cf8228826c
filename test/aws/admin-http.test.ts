import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAdminHttpHandler } from '../../lib/aws/admin-http.ts';
import { DynamoDedupStore } from '../../lib/aws/dedup-store.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';
import { apiEvent, event, parseBody, recordingBus, testIngest } from '../support/ingest.ts';

let tables: TestTables;

beforeAll(async () => {
  tables = await createTestTables();
});

function adminEvent(
  routeKey: string,
  query?: Record<string, string>,
): APIGatewayProxyEventV2WithIAMAuthorizer {
  return {
    version: '2.0',
    routeKey,
    rawPath: routeKey.split(' ')[1] ?? '/',
    rawQueryString: new URLSearchParams(query).toString(),
    headers: {},
    isBase64Encoded: false,
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      requestId: randomUUID(),
      routeKey,
    } as APIGatewayProxyEventV2WithIAMAuthorizer['requestContext'],
  } as APIGatewayProxyEventV2WithIAMAuthorizer;
}

describe('Function: admin GET /bursts, against the real DynamoDB', () => {
  let bus: ReturnType<typeof recordingBus>;

  beforeEach(() => {
    bus = recordingBus();
    return () => bus.mock.restore();
  });

  it('reads back the count of a suppressed burst, split at the threshold', async () => {
    // Prepare
    const type = `admin.burst.${Date.now()}`;
    await testIngest(tables).handler(
      apiEvent(JSON.stringify({ events: Array.from({ length: 25 }, () => event({ type })) })),
    );
    const admin = createAdminHttpHandler({
      dedup: new DynamoDedupStore({
        tableName: tables.dedup,
        client: tables.client,
        burstCountRetentionSeconds: 3600,
      }),
      burstDefault: { threshold: 20, windowSeconds: 60 },
      burstOverrides: [],
      now: Date.now,
    });

    // Act (two windows, in case the minute turned between the burst and the read)
    const response = await admin(adminEvent('GET /bursts', { source: 'sensor.a', type, windows: '2' }));

    // Assess
    expect(response.statusCode).toBe(200);
    const body = parseBody(response);
    expect(body).toMatchObject({ source: 'sensor.a', type, threshold: 20, windowSeconds: 60 });
    const burst = body.windows.find((w: { count: number }) => w.count > 0);
    expect(burst).toMatchObject({ count: 25, dispatched: 20, suppressed: 5 });
  });

  it('answers 400 naming the parameter and the rule', async () => {
    // Prepare
    const admin = createAdminHttpHandler({
      dedup: new DynamoDedupStore({
        tableName: tables.dedup,
        client: tables.client,
        burstCountRetentionSeconds: 60,
      }),
      burstDefault: { threshold: 20, windowSeconds: 60 },
      burstOverrides: [],
      now: Date.now,
    });

    // Act
    const response = await admin(adminEvent('GET /bursts', { source: 's', type: 't', windows: '100' }));

    // Assess
    expect(response.statusCode).toBe(400);
    expect(parseBody(response).error).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'windows',
      message: 'windows: must be a whole number from 1 to 60',
    });
  });

  it('answers 404 for a route it does not serve', async () => {
    const admin = createAdminHttpHandler({
      dedup: { getBurstCount: async () => 0 },
      burstDefault: { threshold: 1, windowSeconds: 1 },
      burstOverrides: [],
      now: Date.now,
    });
    const response = await admin(adminEvent('DELETE /bursts'));
    expect(response.statusCode).toBe(404);
    expect(parseBody(response).error.code).toBe('ROUTE_NOT_FOUND');
  });
});
