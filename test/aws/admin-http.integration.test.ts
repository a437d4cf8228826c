import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope } from '#lib/core/envelope.ts';
import { adminDepsFor, adminEvent, adminHttpHandler } from '../support/admin.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';
import { apiEvent, event, parseBody, recordingBus, testIngest } from '../support/ingest.ts';

let tables: TestTables;

beforeAll(async () => {
  tables = await createTestTables();
});

const adminDeps = () => adminDepsFor(tables);

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
    const admin = adminHttpHandler(adminDeps());

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
    const admin = adminHttpHandler(adminDeps());

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
    const admin = adminHttpHandler(adminDeps());
    const response = await admin(adminEvent('DELETE /bursts'));
    expect(response.statusCode).toBe(404);
    expect(parseBody(response).error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('logs an unexpected failure whole and answers 500 without its details', async () => {
    // Prepare
    const errors: unknown[][] = [];
    const deps = adminDeps();
    const broken = {
      ...deps,
      alertStore: { ...deps.alertStore, list: () => Promise.reject(new Error('disk on fire')) },
    };

    // Act
    const response = await adminHttpHandler(broken, { error: (...args) => errors.push(args) })(
      adminEvent('GET /alerts', {}),
    );

    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('disk on fire');
    expect(errors).toEqual([
      ['request failed', expect.objectContaining({ route: 'GET /alerts', error: new Error('disk on fire') })],
    ]);
  });
});

describe('Function: admin alert routes, against the real DynamoDB', () => {
  let bus: ReturnType<typeof recordingBus>;

  beforeEach(() => {
    bus = recordingBus();
    return () => bus.mock.restore();
  });

  async function openAlert(): Promise<string> {
    const time = new Date().toISOString();
    const event: Envelope = {
      id: ulid(),
      source: `admin.${ulid()}`,
      type: 't',
      severity: 'CRITICAL',
      message: 'down',
      time,
      receivedAt: time,
    };
    const result = await adminDeps().alerts.handleEvent(event);
    if (!('alert' in result)) throw new Error('expected an alert');
    return result.alert.id;
  }

  const ANA = 'arn:aws:iam::000000000000:user/ana';

  function call(routeKey: string, id: string, body?: unknown, caller: string | null = ANA) {
    const event = adminEvent(routeKey);
    return adminHttpHandler(adminDeps())({
      ...event,
      pathParameters: { id },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      requestContext: {
        ...event.requestContext,
        ...(caller ? { authorizer: { iam: { userArn: caller } } as never } : {}),
      },
    });
  }

  it('acknowledges, then resolves, announcing each, and shows the timeline', async () => {
    // Prepare
    const id = await openAlert();

    // Act
    const acked = await call('POST /alerts/{id}/ack', id, { by: 'ana', note: 'looking' });
    const resolved = await call('POST /alerts/{id}/resolve', id, { by: 'ana', notes: 'replaced the disc' });
    const shown = await call('GET /alerts/{id}', id);

    // Assess
    expect(acked.statusCode).toBe(200);
    expect(parseBody(acked).alert).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: ANA,
      acknowledgeNote: 'looking',
    });
    expect(parseBody(resolved).alert).toMatchObject({
      state: 'resolved',
      resolvedBy: ANA,
      resolutionNotes: 'replaced the disc',
    });
    expect(bus.entries.map((e) => [e.Source, e.DetailType])).toEqual([
      ['vigil.alerts', 'alert.acknowledged'],
      ['vigil.alerts', 'alert.resolved'],
    ]);
    expect(parseBody(shown).timeline.map((t: { kind: string }) => t.kind)).toEqual([
      'opened',
      'acknowledged',
      'resolved',
    ]);
  });

  it('takes the resolution note as `note`, like ack, and refuses `note` with its former name `notes`', async () => {
    // Prepare
    const [first, second] = [await openAlert(), await openAlert()];

    // Act
    const resolved = await call('POST /alerts/{id}/resolve', first, { note: 'fan replaced' });
    const both = await call('POST /alerts/{id}/resolve', second, { note: 'a', notes: 'b' });

    // Assess
    expect(parseBody(resolved).alert).toMatchObject({ state: 'resolved', resolutionNotes: 'fan replaced' });
    expect(both.statusCode).toBe(400);
    expect(parseBody(both).error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'notes' });
  });

  it('records the signed IAM caller as the actor, and a name from the body only as onBehalfOf', async () => {
    // Prepare
    const id = await openAlert();

    // Act: mallory signs the request and claims to be ana
    const mallory = 'arn:aws:iam::000000000000:user/mallory';
    const acked = await call('POST /alerts/{id}/ack', id, { by: 'ana' }, mallory);
    const resolved = await call('POST /alerts/{id}/resolve', id, { onBehalfOf: 'night shift' }, mallory);
    const shown = await call('GET /alerts/{id}', id);

    // Assess
    expect(parseBody(acked).alert).toMatchObject({ acknowledgedBy: mallory, acknowledgedOnBehalfOf: 'ana' });
    expect(parseBody(resolved).alert).toMatchObject({
      resolvedBy: mallory,
      resolvedOnBehalfOf: 'night shift',
    });
    expect(parseBody(shown).timeline.filter((t: { kind: string }) => t.kind !== 'opened')).toMatchObject([
      { kind: 'acknowledged', by: mallory, onBehalfOf: 'ana' },
      { kind: 'resolved', by: mallory, onBehalfOf: 'night shift' },
    ]);
  });

  it('answers 403 CALLER_UNKNOWN to an acknowledge without a signed caller, whatever the body says', async () => {
    // Prepare
    const id = await openAlert();

    // Act
    const response = await call('POST /alerts/{id}/ack', id, { by: 'ana' }, null);

    // Assess
    expect(response.statusCode).toBe(403);
    expect(parseBody(response).error.code).toBe('CALLER_UNKNOWN');
  });

  it('refuses onBehalfOf and by together', async () => {
    const response = await call('POST /alerts/{id}/ack', await openAlert(), { by: 'a', onBehalfOf: 'b' });
    expect(response.statusCode).toBe(400);
    expect(parseBody(response).error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'by' });
  });

  it('answers 409 with the current state for an illegal move', async () => {
    // Prepare
    const id = await openAlert();
    await call('POST /alerts/{id}/resolve', id, { by: 'ana' });

    // Act
    const response = await call('POST /alerts/{id}/ack', id, { by: 'bob' });

    // Assess
    expect(response.statusCode).toBe(409);
    expect(parseBody(response).error).toEqual({
      code: 'ILLEGAL_TRANSITION',
      message: 'cannot acknowledge an alert that is resolved',
    });
  });

  it.each([
    [
      'an unknown id',
      'GET /alerts/{id}',
      '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      undefined,
      404,
      'ALERT_NOT_FOUND',
      'id',
    ],
    ['an id that is not a ULID', 'GET /alerts/{id}', 'nope', undefined, 400, 'VALIDATION_FAILED', 'id'],
    [
      'an ack with an empty onBehalfOf',
      'POST /alerts/{id}/ack',
      '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      { onBehalfOf: '' },
      400,
      'VALIDATION_FAILED',
      'onBehalfOf',
    ],
  ])('answers %s with the field named', async (_name, route, id, body, status, code, field) => {
    const response = await call(route, id, body);
    expect(response.statusCode).toBe(status);
    expect(parseBody(response).error).toMatchObject({ code, field });
  });
});

describe('Function: admin silence routes, against the real DynamoDB', () => {
  const ANA = 'arn:aws:iam::000000000000:user/ana';

  function call(routeKey: string, options: { id?: string; body?: unknown; caller?: string | null } = {}) {
    const event = adminEvent(routeKey);
    const caller = options.caller === undefined ? ANA : options.caller;
    return adminHttpHandler(adminDeps())({
      ...event,
      ...(options.id ? { pathParameters: { id: options.id } } : {}),
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      requestContext: {
        ...event.requestContext,
        ...(caller ? { authorizer: { iam: { userArn: caller } } as never } : {}),
      },
    });
  }

  it('creates a silence, lists it as active, and expires it', async () => {
    // Prepare
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const body = {
      matchers: [{ field: 'source', value: 'plant7.', match: 'prefix' }],
      endsAt,
      createdBy: 'ana',
      comment: 'maintenance',
    };

    // Act
    const created = await call('POST /silences', { body });
    const id = parseBody(created).silence.id;
    const listed = await call('GET /silences');
    const expired = await call('DELETE /silences/{id}', { id });
    const after = await call('GET /silences');

    // Assess
    expect(created.statusCode).toBe(201);
    expect(parseBody(created).silence).toMatchObject({
      state: 'active',
      createdBy: ANA,
      createdOnBehalfOf: 'ana',
      matchers: body.matchers,
    });
    expect(parseBody(listed).silences.find((x: { id: string }) => x.id === id)?.state).toBe('active');
    expect(parseBody(expired).silence.state).toBe('expired');
    expect(parseBody(after).silences.find((x: { id: string }) => x.id === id)?.state).toBe('expired');
  });

  it('records the signed caller as the creator of a silence, whatever the body names, and refuses an unsigned one', async () => {
    // Prepare
    const body = {
      matchers: [{ field: 'source', value: 'x.' }],
      endsAt: new Date(Date.now() + 60_000).toISOString(),
      onBehalfOf: 'night shift',
      comment: 'c',
    };

    // Act
    const created = await call('POST /silences', { body, caller: 'arn:aws:iam::000000000000:user/mallory' });
    const unsigned = await call('POST /silences', { body, caller: null });

    // Assess
    expect(parseBody(created).silence).toMatchObject({
      createdBy: 'arn:aws:iam::000000000000:user/mallory',
      createdOnBehalfOf: 'night shift',
    });
    expect(unsigned.statusCode).toBe(403);
    expect(parseBody(unsigned).error.code).toBe('CALLER_UNKNOWN');
  });

  it.each([
    [
      'a silence without matchers',
      'POST /silences',
      { body: { matchers: [], endsAt: '2030-01-01T00:00:00Z', createdBy: 'a', comment: 'c' } },
      400,
      'matchers',
    ],
    [
      'a severity matcher with an unknown value',
      'POST /silences',
      {
        body: {
          matchers: [{ field: 'severity', value: 'LOUD' }],
          endsAt: '2030-01-01T00:00:00Z',
          createdBy: 'a',
          comment: 'c',
        },
      },
      400,
      'matchers[0].value',
    ],
    ['expiring an unknown silence', 'DELETE /silences/{id}', { id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, 404, 'id'],
  ])('answers %s with the field named', async (_name, route, options, status, field) => {
    const response = await call(route, options);
    expect(response.statusCode).toBe(status);
    expect(parseBody(response).error.field).toBe(field);
  });
});
