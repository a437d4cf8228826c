import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminDepsFor, adminEvent, adminHttpHandler } from '../support/admin.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';
import { parseBody, recordingBus } from '../support/ingest.ts';

let tables: TestTables;

beforeAll(async () => {
  tables = await createTestTables();
});

function call(routeKey: string, name: string, query?: Record<string, string>, body?: unknown) {
  const event = adminEvent(routeKey, query);
  return adminHttpHandler(adminDepsFor(tables))({
    ...event,
    pathParameters: { name },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const forged = (text: string) => Buffer.from(text).toString('base64url');

describe('Function: GET /modules/{name}/transitions with a cursor it did not return', () => {
  let bus: ReturnType<typeof recordingBus>;
  let name: string;

  beforeEach(async () => {
    bus = recordingBus();
    name = `cursor-${ulid()}`;
    await call('POST /modules/{name}/events', name, undefined, { type: 'START' });
    return () => bus.mock.restore();
  });

  it.each([
    [
      'a key outside the asked range',
      forged('T#2020-01-01T00:00:00.000Z#0000000001'),
      { from: '2026-01-01T00:00:00Z' },
    ],
    ['a key of the right prefix and the wrong shape', forged('T#garbage'), {}],
    ['a key of another item type', forged('EV#01J0000000000000000000000'), {}],
    ['not base64url at all', '%%%not-a-cursor%%%', {}],
    ['an overlong key', forged(`T#${'9'.repeat(300)}`), {}],
  ])('answers 400 naming the cursor for %s', async (_what, cursor, range) => {
    // Act
    const response = await call('GET /modules/{name}/transitions', name, { cursor, ...range });

    // Assess
    expect(response.statusCode).toBe(400);
    expect(parseBody(response).error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'cursor' });
  });

  it('still pages with the cursors it returns', async () => {
    // Prepare
    await call('POST /modules/{name}/events', name, undefined, { type: 'INIT_SUCCESS' });
    const first = parseBody(await call('GET /modules/{name}/transitions', name, { limit: '1' }));

    // Act
    const second = await call('GET /modules/{name}/transitions', name, { limit: '1', cursor: first.cursor });

    // Assess
    expect(second.statusCode).toBe(200);
    expect(parseBody(second).transitions.map((t: { version: number }) => t.version)).toEqual([2]);
  });
});
