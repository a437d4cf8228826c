import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminDepsFor, adminEvent, adminHttpHandler } from '../support/admin.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';
import { parseBody, recordingBus } from '../support/ingest.ts';

let tables: TestTables;

beforeAll(async () => {
  tables = await createTestTables();
});

/** The functions' clock: real time, moved on by hand where a test needs two moments apart. */
let skewMs = 0;
const functionsNow = () => Date.now() + skewMs;

function call(
  routeKey: string,
  options: { name?: string; body?: unknown; query?: Record<string, string>; caller?: string } = {},
) {
  const event = adminEvent(routeKey, options.query);
  return adminHttpHandler(adminDepsFor(tables, { now: functionsNow }))({
    ...event,
    ...(options.name === undefined ? {} : { pathParameters: { name: options.name } }),
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    requestContext: {
      ...event.requestContext,
      ...(options.caller ? { authorizer: { iam: { userArn: options.caller } } as never } : {}),
    },
  });
}

const post = (name: string, body: unknown, caller?: string) =>
  call('POST /modules/{name}/events', { name, body, ...(caller ? { caller } : {}) });

describe('Function: admin module routes, against the real DynamoDB', () => {
  let bus: ReturnType<typeof recordingBus>;

  beforeEach(() => {
    bus = recordingBus();
    return () => bus.mock.restore();
  });

  it('applies an event now and answers the new state, announcing the transition', async () => {
    const name = `arm-${ulid()}`;
    const response = await post(name, { type: 'START' });
    expect(response.statusCode).toBe(200);
    expect(parseBody(response)).toMatchObject({
      module: { name, lifecycle: 'Initializing', operational: 'Idle', health: 'Healthy', version: 1 },
      transition: {
        version: 1,
        event: 'START',
        origin: 'admin',
        changes: [{ layer: 'lifecycle', from: 'Offline', to: 'Initializing' }],
      },
    });
    expect(bus.entries.map((e) => [e.Source, e.DetailType])).toEqual([
      ['vigil.state', 'module.transitioned'],
    ]);
  });

  it('answers 409 with the exact refusal and the state that refused it', async () => {
    const name = `arm-${ulid()}`;
    const response = await post(name, { type: 'TASK_START' });
    expect(response.statusCode).toBe(409);
    expect(parseBody(response)).toEqual({
      error: {
        code: 'INVALID_TRANSITION',
        message: 'Cannot transition from Idle to Running with event TASK_START',
      },
      module: { name, lifecycle: 'Offline', operational: 'Idle', health: 'Healthy', version: 0 },
    });
  });

  it('records the signed IAM caller as who forced a PRIORITY_OVERRIDE; a name in the body is only a note beside it', async () => {
    const name = `arm-${ulid()}`;
    const bob = 'arn:aws:iam::000000000000:user/bob';
    const spoofed = await post(
      name,
      { type: 'PRIORITY_OVERRIDE', data: { health: 'Critical' }, by: 'ana' },
      bob,
    );
    const signed = await post(name, { type: 'PRIORITY_OVERRIDE', data: { lifecycle: 'Active' } }, bob);
    expect(parseBody(spoofed).transition).toMatchObject({ by: bob, onBehalfOf: 'ana' });
    expect(parseBody(spoofed).transition.changes).toEqual([
      { layer: 'health', from: 'Healthy', to: 'Critical', event: 'PRIORITY_OVERRIDE', by: bob },
    ]);
    expect(parseBody(signed).transition).toMatchObject({ by: bob });
    expect(parseBody(signed).transition.onBehalfOf).toBeUndefined();
  });

  it('refuses an override with no signed caller even when the body names someone', async () => {
    const response = await post(`arm-${ulid()}`, {
      type: 'PRIORITY_OVERRIDE',
      data: { health: 'Critical' },
      onBehalfOf: 'ana',
    });
    expect(response.statusCode).toBe(403);
    expect(parseBody(response).error.code).toBe('OVERRIDE_NOT_ALLOWED');
  });

  it.each([
    ['an unknown event', { type: 'TELEPORT' }, 400, 'UNKNOWN_STATE_EVENT'],
    ['a bad RECOVER payload', { type: 'RECOVER', data: { to: 'Sideways' } }, 400, 'VALIDATION_FAILED'],
    [
      'an override without anyone to record',
      { type: 'PRIORITY_OVERRIDE', data: { health: 'Critical' } },
      403,
      'OVERRIDE_NOT_ALLOWED',
    ],
    ['a body without type', { data: {} }, 400, 'VALIDATION_FAILED'],
  ])('answers %s with %i', async (_name, body, status, code) => {
    const response = await post(`arm-${ulid()}`, body);
    expect(response.statusCode).toBe(status);
    expect(parseBody(response).error.code).toBe(code);
  });

  it('shows a module now and as it was at a past time, and its transition log', async () => {
    // Prepare
    const name = `press-${ulid()}`;
    await post(name, { type: 'START' });
    const between = new Date(functionsNow() + 1).toISOString();
    skewMs += 5;
    await post(name, { type: 'INIT_SUCCESS' });
    await post(name, { type: 'SET_READY' });

    // Act
    const now = parseBody(await call('GET /modules/{name}', { name }));
    const then = parseBody(await call('GET /modules/{name}', { name, query: { at: between } }));
    const before = parseBody(
      await call('GET /modules/{name}', { name, query: { at: '2020-01-01T00:00:00Z' } }),
    );
    const firstPage = parseBody(
      await call('GET /modules/{name}/transitions', { name, query: { limit: '2' } }),
    );
    const secondPage = parseBody(
      await call('GET /modules/{name}/transitions', {
        name,
        query: { limit: '2', cursor: firstPage.cursor },
      }),
    );
    const after = parseBody(
      await call('GET /modules/{name}/transitions', { name, query: { from: between } }),
    );

    // Assess
    expect(now.module).toMatchObject({ lifecycle: 'Active', operational: 'Ready', version: 3 });
    expect(then.module).toMatchObject({ lifecycle: 'Initializing', operational: 'Idle', version: 1 });
    expect(before.module).toMatchObject({
      lifecycle: 'Offline',
      operational: 'Idle',
      health: 'Healthy',
      version: 0,
    });
    expect(
      [...firstPage.transitions, ...secondPage.transitions].map((t: { event: string }) => t.event),
    ).toEqual(['START', 'INIT_SUCCESS', 'SET_READY']);
    expect(after.transitions.map((t: { event: string }) => t.event)).toEqual(['INIT_SUCCESS', 'SET_READY']);
  });

  it('lists modules by name, page by page', async () => {
    const names = Array.from({ length: 5 }, (_, i) => `list-${i}-${ulid()}`);
    for (const name of names) await post(name, { type: 'START' });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const body = parseBody(
        await call('GET /modules', { query: { limit: '2', ...(cursor ? { cursor } : {}) } }),
      );
      seen.push(...body.modules.map((m: { name: string }) => m.name));
      cursor = body.cursor;
    } while (cursor);
    expect(seen.filter((name) => name.startsWith('list-'))).toEqual([...names].sort());
  });

  it('answers 404 for an unknown module and 400 for a bad name or time', async () => {
    expect((await call('GET /modules/{name}', { name: 'ghost' })).statusCode).toBe(404);
    const badName = await call('GET /modules/{name}', { name: 'a b' });
    expect(parseBody(badName).error).toMatchObject({ field: 'name' });
    const badAt = await call('GET /modules/{name}', { name: 'ghost', query: { at: 'yesterday' } });
    expect(parseBody(badAt).error).toMatchObject({ field: 'at' });
  });
});
