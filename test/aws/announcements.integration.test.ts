import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { EventBridgeEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { ulid } from 'ulid';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAlertStore } from '#lib/aws/alert-store.ts';
import { createAlertingHandler } from '#lib/aws/alerting-handler.ts';
import { announcementOutbox, announcingPublisher } from '#lib/aws/announcements.ts';
import { createModuleService } from '#lib/aws/module-deps.ts';
import { OutboxPublisher } from '#lib/aws/outbox-publisher.ts';
import { AlertService } from '#lib/core/alerts/service.ts';
import type { AnnouncementMetric } from '#lib/core/announcements/outbox.ts';
import type { Envelope } from '#lib/core/envelope.ts';
import { adminDepsFor, adminEvent, adminHttpHandler } from '../support/admin.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';
import { captureLog, FAST_RETRY, parseBody } from '../support/ingest.ts';
import { countingSink } from '../support/metrics.ts';

let tables: TestTables;
const eventBridge = new EventBridgeClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
});
const bus = mockClient(EventBridgeClient);

beforeAll(async () => {
  tables = await createTestTables();
});
afterEach(() => bus.reset());

/** PutEvents answering every entry with a retryable InternalFailure, as during an EventBridge outage. */
function busDown(): PutEventsRequestEntry[] {
  const tried: PutEventsRequestEntry[] = [];
  bus.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
    tried.push(...input.Entries);
    return {
      FailedEntryCount: input.Entries.length,
      Entries: input.Entries.map(() => ({ ErrorCode: 'InternalFailure', ErrorMessage: 'down' })),
    };
  });
  return tried;
}

function busUp(): PutEventsRequestEntry[] {
  const published: PutEventsRequestEntry[] = [];
  bus.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
    published.push(...input.Entries);
    return { FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: ulid() })) };
  });
  return published;
}

function countingCounters() {
  const totals: Partial<Record<AnnouncementMetric, number>> = {};
  const add = (metric: AnnouncementMetric, n: number) => {
    totals[metric] = (totals[metric] ?? 0) + n;
  };
  return { totals, add };
}

const wiring = (counters = countingCounters()) => ({
  eventBridge,
  busName: 'vigil-test',
  outbox: announcementOutbox(tables.announcements, tables.client),
  counters,
  log: captureLog(),
  retry: FAST_RETRY,
});

function critical(source: string): EventBridgeEvent<string, Envelope> {
  const time = new Date().toISOString();
  const detail: Envelope = {
    id: ulid(),
    source,
    type: 'pump.failure',
    severity: 'CRITICAL',
    time,
    receivedAt: time,
  };
  return {
    version: '0',
    id: ulid(),
    'detail-type': detail.type,
    source: 'vigil.ingest',
    account: '0',
    time,
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

const redrive = (limit = 100) =>
  adminHttpHandler(adminDepsFor(tables, { retry: FAST_RETRY }))({
    ...adminEvent('POST /announcements/redrive'),
    body: JSON.stringify({ limit }),
  });

describe('Announcements: kept in the outbox when PutEvents still fails, then redriven', () => {
  it('keeps an alert.opened that failed all its retries, counts it, and a redrive publishes it as vigil.alerts', async () => {
    // Prepare
    const tried = busDown();
    const counters = countingCounters();
    const alerting = createAlertingHandler({
      alerts: new AlertService({
        store: new DynamoAlertStore({ tableName: tables.alerts, client: tables.client }),
        now: Date.now,
        isSilenced: async () => false,
      }),
      publisher: announcingPublisher(wiring(counters), 'vigil.alerts'),
      log: captureLog(),
      metrics: countingSink(),
      newId: ulid,
      now: Date.now,
    });

    // Act
    const { alertId } = await alerting(critical(`outbox.${ulid()}`));
    bus.reset();
    const published = busUp();
    const response = await redrive();

    // Assess
    expect(tried.length).toBe(FAST_RETRY.retries + 1);
    expect(counters.totals).toEqual({ announcementsKept: 1 });
    expect(parseBody(response)).toMatchObject({ redriven: 1, failed: 0 });
    expect(published).toEqual([
      expect.objectContaining({ Source: 'vigil.alerts', DetailType: 'alert.opened' }),
    ]);
    expect(JSON.parse(published[0]?.Detail ?? '{}').data.alert.id).toBe(alertId);
    expect(parseBody(await redrive())).toEqual({ redriven: 0, failed: 0, more: false });
  });

  it('keeps the announcement of an admin acknowledge instead of ignoring the publish outcome', async () => {
    // Prepare: an open alert, then the bus goes down
    busUp();
    const opened = await adminDepsFor(tables).alerts.handleEvent(critical(`ack.${ulid()}`).detail);
    if (!('alert' in opened)) throw new Error('expected an alert');
    bus.reset();
    busDown();
    const counters = countingCounters();
    const admin = adminHttpHandler(adminDepsFor(tables, { counters, retry: FAST_RETRY }));

    // Act
    const event = adminEvent('POST /alerts/{id}/ack');
    const acked = await admin({
      ...event,
      pathParameters: { id: opened.alert.id },
      body: '{}',
      requestContext: {
        ...event.requestContext,
        authorizer: { iam: { userArn: 'arn:aws:iam::0:user/ana' } } as never,
      },
    });
    bus.reset();
    const published = busUp();
    await redrive();

    // Assess
    expect(acked.statusCode).toBe(200);
    expect(counters.totals.announcementsKept).toBe(1);
    expect(published.map((e) => [e.Source, e.DetailType])).toEqual([['vigil.alerts', 'alert.acknowledged']]);
  });

  it('keeps module.* announcements with their vigil.state Source', async () => {
    // Prepare
    busDown();
    const counters = countingCounters();
    const modules = createModuleService({
      tableName: tables.modules,
      busName: 'vigil-test',
      dynamodb: tables.client,
      eventBridge,
      outbox: announcementOutbox(tables.announcements, tables.client),
      counters,
      log: captureLog(),
      newId: ulid,
      retry: FAST_RETRY,
    });

    // Act
    await modules.applyNow(
      `outbox-${ulid()}`,
      { type: 'START' },
      { origin: 'admin', by: 'arn:aws:iam::0:user/ana' },
    );
    bus.reset();
    const published = busUp();
    await redrive();

    // Assess
    expect(counters.totals.announcementsKept).toBe(1);
    expect(published.map((e) => [e.Source, e.DetailType])).toEqual([['vigil.state', 'module.transitioned']]);
  });

  it('keeps nothing when a retry gets through (the publisher retries retryable failures)', async () => {
    // Prepare: the first call fails, the next succeeds
    const published: PutEventsRequestEntry[] = [];
    bus
      .on(PutEventsCommand)
      .rejectsOnce(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }))
      .callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
        published.push(...input.Entries);
        return { FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: ulid() })) };
      });
    const counters = countingCounters();
    const envelope = critical('retry.x').detail;

    // Act
    const [outcome] = await announcingPublisher(wiring(counters), 'vigil.alerts').publish([envelope]);

    // Assess
    expect(outcome?.published).toBe(true);
    expect(published).toHaveLength(1);
    expect(counters.totals).toEqual({});
  });

  it('leaves a redrive that fails again in the outbox, one attempt more', async () => {
    // Prepare
    busDown();
    const outbox = announcementOutbox(tables.announcements, tables.client);
    const envelope = critical(`again.${ulid()}`).detail;
    await announcingPublisher(wiring(), 'vigil.alerts').publish([envelope]);

    // Act
    const response = parseBody(await redrive());
    const kept = (await outbox.oldest(100)).find((item) => item.envelope.id === envelope.id);

    // Assess
    expect(response.failed).toBeGreaterThanOrEqual(1);
    expect(kept).toMatchObject({ attempts: 2, errorCode: 'InternalFailure', busSource: 'vigil.alerts' });
    bus.reset();
    busUp();
    await redrive();
    expect((await outbox.oldest(100)).find((item) => item.envelope.id === envelope.id)).toBeUndefined();
  });

  it('counts and logs an announcement as lost only when the outbox write fails too', async () => {
    // Prepare
    busDown();
    const counters = countingCounters();
    const log = captureLog();
    const publisher = new OutboxPublisher({
      publisher: announcingPublisher(wiring(), 'vigil.alerts'),
      busSource: 'vigil.alerts',
      outbox: {
        keep: async () => Promise.reject(new Error('table gone')),
        oldest: async () => [],
        remove: async () => undefined,
        recordFailure: async () => undefined,
      },
      counters,
      log,
    });
    const envelope = critical('lost.x').detail;

    // Act
    await publisher.publish([envelope]);

    // Assess
    expect(counters.totals).toEqual({ announcementsLost: 1 });
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'announcement lost: not published and not kept',
        extra: expect.objectContaining({ eventId: envelope.id }),
      }),
    );
  });
});
