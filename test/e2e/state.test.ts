import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import {
  adminRequest,
  dynamodb,
  eventually,
  postEvents,
  type ResponseBody,
  tableName,
  vigil,
} from './support/client.ts';

/**
 * The e2e stack runs the product default, no reorder window: an event is applied on arrival, in
 * arrival order. Events of one batch are delivered concurrently (as in AWS), so a test that needs
 * producer order sends one event at a time (sendInOrder). Cold starts take a few seconds.
 */
const APPLIED_WITHIN_MS = 15_000;

const admin = adminRequest;

/** A fresh module, and a source of its own (the burst counter groups by source and type). */
function freshModule(): { module: string; source: string } {
  const id = ulid();
  return { module: `e2e-module-${id}`, source: `e2e-state.${id}` };
}

interface SentEvent {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly module: string;
  readonly time: string;
}

/** `state.<EVENT>` events for one module, one second apart in producer time, in the order given. */
function stateEvents(module: string, source: string, names: readonly string[], start = Date.now() - 60_000) {
  return names.map(
    (name, i): SentEvent => ({
      id: ulid(),
      source,
      type: `state.${name}`,
      module,
      time: new Date(start + i * 1_000).toISOString(),
    }),
  );
}

async function send(events: readonly SentEvent[]): Promise<void> {
  const response = await postEvents({ events });
  expect(response.status).toBe(202);
  expect(response.body.counts).toMatchObject({ accepted: events.length });
}

/**
 * Events a producer needs applied in its order, with no reorder window: each one sent after the one
 * before has been applied (each is valid, so each adds one version).
 */
async function sendInOrder(module: string, events: readonly SentEvent[]): Promise<void> {
  for (const [i, event] of events.entries()) {
    await send([event]);
    await moduleAtVersion(module, i + 1);
  }
}

/** The module as `GET /modules/{name}` shows it, once it has reached `version`. */
function moduleAtVersion(module: string, version: number): Promise<ResponseBody> {
  return eventually(
    async () => {
      const shown = await admin('GET', `/modules/${module}`);
      return shown.status === 200 && shown.body.module.version >= version ? shown.body.module : undefined;
    },
    APPLIED_WITHIN_MS,
    `module ${module} at version ${version}`,
  );
}

async function transitionsOf(module: string): Promise<ResponseBody[]> {
  const listed = await admin('GET', `/modules/${module}/transitions`);
  expect(listed.status).toBe(200);
  return listed.body.transitions;
}

/** The events the audit rule copied from the bus (every event Vigil publishes). */
function auditEvents(): ResponseBody[] {
  const logsDir = path.join(vigil.stateDir, 'logs');
  if (!existsSync(logsDir)) return [];
  return readdirSync(logsDir)
    .flatMap((file) => readFileSync(path.join(logsDir, file), 'utf8').split('\n'))
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

function moduleBusEvents(module: string, detailType: string): ResponseBody[] {
  return auditEvents().filter((e) => e['detail-type'] === detailType && e.detail?.module === module);
}

/** The events waiting in the module's inbox (`Q#…` items of the Modules table). */
async function inboxSize(module: string): Promise<number> {
  const { Items } = await dynamodb.send(
    new QueryCommand({
      TableName: tableName('StateModules'),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :q)',
      ExpressionAttributeValues: { ':pk': { S: `M#${module}` }, ':q': { S: 'Q#' } },
      ConsistentRead: true,
    }),
  );
  return Items?.length ?? 0;
}

describe('Local runtime: module state machines from POST /events (async path)', () => {
  it('applies the task-execution pattern in order and announces each transition on the bus', async () => {
    // Prepare
    const { module, source } = freshModule();
    const names = ['START', 'INIT_SUCCESS', 'SET_READY', 'TASK_START', 'TASK_COMPLETE'];
    const events = stateEvents(module, source, names);

    // Act
    await sendInOrder(module, events);

    // Assess
    const shown = await moduleAtVersion(module, 5);
    expect(shown).toMatchObject({
      name: module,
      lifecycle: 'Active',
      operational: 'Ready',
      health: 'Healthy',
      version: 5,
    });
    const log = await transitionsOf(module);
    expect(log.map((t) => [t.version, t.event, t.eventId, t.time, t.origin])).toEqual(
      events.map((e, i) => [i + 1, names[i], e.id, e.time, 'producer']),
    );
    expect(log.map((t) => t.changes.map((c: ResponseBody) => `${c.layer} ${c.from}→${c.to}`))).toEqual([
      ['lifecycle Offline→Initializing'],
      ['lifecycle Initializing→Active'],
      ['operational Idle→Ready'],
      ['operational Ready→Running'],
      ['operational Running→Ready'],
    ]);
    const announced = await eventually(
      async () => {
        const found = moduleBusEvents(module, 'module.transitioned');
        return found.length === names.length ? found : undefined;
      },
      5_000,
      'module.transitioned on the bus (audit log)',
    );
    expect(announced.every((e) => e.source === 'vigil.state')).toBe(true);
    expect(announced.map((e) => [e.detail.data.version, e.detail.data.event]).sort()).toEqual(
      names.map((name, i) => [i + 1, name]).sort(),
    );
  });

  it('recovers from a fault: START, INIT_SUCCESS, FAULT_DETECTED, RECOVERY_SUCCESS', async () => {
    // Prepare
    const { module, source } = freshModule();
    const names = ['START', 'INIT_SUCCESS', 'FAULT_DETECTED', 'RECOVERY_SUCCESS'];

    // Act
    await sendInOrder(module, stateEvents(module, source, names));

    // Assess
    expect(await moduleAtVersion(module, 4)).toMatchObject({ lifecycle: 'Active', version: 4 });
    const log = await transitionsOf(module);
    expect(log.map((t) => `${t.event}: ${t.changes[0].from}→${t.changes[0].to}`)).toEqual([
      'START: Offline→Initializing',
      'INIT_SUCCESS: Initializing→Active',
      'FAULT_DETECTED: Active→Recovering',
      'RECOVERY_SUCCESS: Recovering→Active',
    ]);
  });

  it('shuts down gracefully: the task is stopped, then the module goes Offline', async () => {
    // Prepare
    const { module, source } = freshModule();
    const names = ['START', 'INIT_SUCCESS', 'SET_READY', 'TASK_START', 'TASK_STOP', 'SHUTDOWN', 'FINISHED'];

    // Act
    await sendInOrder(module, stateEvents(module, source, names));

    // Assess
    expect(await moduleAtVersion(module, 7)).toMatchObject({
      lifecycle: 'Offline',
      operational: 'Stopped',
      health: 'Healthy',
      version: 7,
    });
    expect((await transitionsOf(module)).map((t) => t.event)).toEqual(names);
  });

  it('refuses an invalid event: no transition, the version stays, module.transition_rejected is announced', async () => {
    // Prepare
    const { module, source } = freshModule();
    const [start, taskStart] = stateEvents(module, source, ['START', 'TASK_START']) as [SentEvent, SentEvent];

    // Act: TASK_START after START is applied (no window: in one batch, they may arrive in either order)
    await sendInOrder(module, [start]);
    await send([taskStart]);

    // Assess
    const [rejected] = await eventually(
      async () => {
        const found = moduleBusEvents(module, 'module.transition_rejected');
        return found.length > 0 ? found : undefined;
      },
      APPLIED_WITHIN_MS,
      'module.transition_rejected on the bus (audit log)',
    );
    expect(rejected).toMatchObject({
      source: 'vigil.state',
      detail: {
        severity: 'WARNING',
        data: {
          module,
          event: 'TASK_START',
          eventId: taskStart.id,
          version: 1,
          error: {
            code: 'INVALID_TRANSITION',
            message: 'Cannot transition from Idle to Running with event TASK_START',
          },
        },
      },
    });
    const shown = await admin('GET', `/modules/${module}`);
    expect(shown.body.module).toMatchObject({ lifecycle: 'Initializing', operational: 'Idle', version: 1 });
    expect((await transitionsOf(module)).map((t) => t.eventId)).toEqual([start.id]);
  });

  it('answers 400 naming `type` for an unknown state event, and queues nothing', async () => {
    // Prepare
    const { module, source } = freshModule();

    // Act
    const response = await postEvents({ source, type: 'state.TELEPORT', module });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'type' });
    expect(response.body.error.message).toContain('"TELEPORT"');
    expect(await inboxSize(module)).toBe(0);
    expect((await admin('GET', `/modules/${module}`)).status).toBe(404);
  });
});

describe('Local runtime: module state machines over the signed admin API (sync path)', () => {
  it('answers 409 with the exact refusal, then 200 for valid events, and shows the state at a past time', async () => {
    // Prepare
    const { module } = freshModule();

    // Act
    const refused = await admin('POST', `/modules/${module}/events`, { type: 'TASK_START' });
    const ready = await admin('POST', `/modules/${module}/events`, { type: 'SET_READY', by: 'ana' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const running = await admin('POST', `/modules/${module}/events`, { type: 'TASK_START' });

    // Assess
    expect(refused).toEqual({
      status: 409,
      body: {
        error: {
          code: 'INVALID_TRANSITION',
          message: 'Cannot transition from Idle to Running with event TASK_START',
        },
        module: { name: module, lifecycle: 'Offline', operational: 'Idle', health: 'Healthy', version: 0 },
      },
    });
    expect(ready).toMatchObject({
      status: 200,
      body: {
        module: { name: module, operational: 'Ready', version: 1 },
        transition: {
          version: 1,
          event: 'SET_READY',
          origin: 'admin',
          changes: [{ layer: 'operational', from: 'Idle', to: 'Ready', event: 'SET_READY' }],
        },
      },
    });
    expect(running).toMatchObject({
      status: 200,
      body: { module: { operational: 'Running', version: 2 }, transition: { version: 2 } },
    });

    // Assess: time travel, the state after the last transition applied at or before `at`
    const first = Date.parse(ready.body.transition.appliedAt);
    const second = Date.parse(running.body.transition.appliedAt);
    expect(second).toBeGreaterThan(first);
    const between = new Date(Math.floor((first + second) / 2)).toISOString();
    const before = new Date(first - 1).toISOString();
    const then = await admin('GET', `/modules/${module}?at=${between}`);
    const atFirst = await admin('GET', `/modules/${module}?at=${ready.body.transition.appliedAt}`);
    const earlier = await admin('GET', `/modules/${module}?at=${before}`);
    const now = await admin('GET', `/modules/${module}`);
    expect(then.body).toEqual({
      module: {
        name: module,
        lifecycle: 'Offline',
        operational: 'Ready',
        health: 'Healthy',
        version: 1,
        updatedAt: ready.body.transition.appliedAt,
      },
      at: between,
    });
    expect(atFirst.body.module).toMatchObject({ operational: 'Ready', version: 1 });
    expect(earlier.body.module).toEqual({
      name: module,
      lifecycle: 'Offline',
      operational: 'Idle',
      health: 'Healthy',
      version: 0,
    });
    expect(now.body.module).toMatchObject({ operational: 'Running', version: 2 });

    // Assess: the log, by time range and page by page
    const fromSecond = await admin(
      'GET',
      `/modules/${module}/transitions?from=${running.body.transition.appliedAt}`,
    );
    expect(fromSecond.body.transitions.map((t: ResponseBody) => t.version)).toEqual([2]);
    const page1 = await admin('GET', `/modules/${module}/transitions?limit=1`);
    const page2 = await admin('GET', `/modules/${module}/transitions?limit=1&cursor=${page1.body.cursor}`);
    expect(page1.body.transitions.map((t: ResponseBody) => t.version)).toEqual([1]);
    expect(page2.body.transitions.map((t: ResponseBody) => t.version)).toEqual([2]);
  });

  it('answers 400 UNKNOWN_STATE_EVENT and 404 for an unknown module, and records who forced an override', async () => {
    // Prepare
    const { module, source } = freshModule();

    // Act
    const unknown = await admin('POST', `/modules/${module}/events`, { type: 'TELEPORT' });
    const named = await admin('POST', `/modules/${module}/events`, {
      type: 'PRIORITY_OVERRIDE',
      data: { lifecycle: 'Active' },
      by: 'ana',
    });
    const signedIn = await admin('POST', `/modules/${module}/events`, {
      type: 'PRIORITY_OVERRIDE',
      data: { health: 'Critical' },
    });
    const fromProducer = await postEvents({
      source,
      type: 'state.PRIORITY_OVERRIDE',
      module,
      data: { lifecycle: 'Offline' },
    });
    const missing = await admin('GET', `/modules/e2e-never-${ulid()}`);

    // Assess
    expect(unknown).toMatchObject({
      status: 400,
      body: { error: { code: 'UNKNOWN_STATE_EVENT', field: 'type' } },
    });
    expect(named).toMatchObject({
      status: 200,
      body: {
        module: { lifecycle: 'Active', version: 1 },
        transition: {
          origin: 'admin',
          by: 'arn:aws:iam::000000000000:root',
          onBehalfOf: 'ana',
          changes: [
            { layer: 'lifecycle', from: 'Offline', to: 'Active', by: 'arn:aws:iam::000000000000:root' },
          ],
        },
      },
    });
    expect(signedIn).toMatchObject({
      status: 200,
      body: {
        module: { health: 'Critical', version: 2 },
        transition: { by: expect.stringMatching(/^arn:aws:iam::/) },
      },
    });
    expect(fromProducer).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED', field: 'type' } },
    });
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'MODULE_NOT_FOUND' } } });
  });
});
