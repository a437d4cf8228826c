import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { EventBridgeEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoAlertStore } from '#lib/aws/alert-store.ts';
import { createAlertingHandler } from '#lib/aws/alerting-handler.ts';
import { EventBridgePublisher } from '#lib/aws/event-publisher.ts';
import { AlertService } from '#lib/core/alerts/service.ts';
import type { Envelope } from '#lib/core/envelope.ts';
import type { MetricOf } from '#lib/core/metrics.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';
import { captureLog, recordingBus } from '../support/ingest.ts';
import { countingSink } from '../support/metrics.ts';

let tables: TestTables;

beforeAll(async () => {
  tables = await createTestTables();
});

function busEvent(detail: Envelope): EventBridgeEvent<string, Envelope> {
  return {
    version: '0',
    id: ulid(),
    'detail-type': detail.type,
    source: 'vigil.ingest',
    account: '000000000000',
    time: detail.time,
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

function handler(silenced = false, metrics = countingSink<MetricOf<'alerting'>>()) {
  return createAlertingHandler({
    alerts: new AlertService({
      store: new DynamoAlertStore({ tableName: tables.alerts, client: tables.client }),
      now: Date.now,
      isSilenced: async () => silenced,
    }),
    publisher: new EventBridgePublisher({
      client: new EventBridgeClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      }),
      busName: 'vigil-test',
      busSource: 'vigil.alerts',
    }),
    log: captureLog(),
    metrics,
    newId: ulid,
    now: Date.now,
  });
}

describe('Function: alerting handler', () => {
  let bus: ReturnType<typeof recordingBus>;

  beforeEach(() => {
    bus = recordingBus();
    return () => bus.mock.restore();
  });

  it('opens an alert from a CRITICAL event and announces alert.opened from vigil.alerts', async () => {
    // Prepare
    const time = new Date().toISOString();
    const event: Envelope = {
      id: ulid(),
      source: `plant.${ulid()}`,
      type: 'pressure.high',
      severity: 'CRITICAL',
      message: 'burst disc',
      time,
      receivedAt: time,
    };

    const metrics = countingSink<MetricOf<'alerting'>>();

    // Act
    const result = await handler(false, metrics)(busEvent(event));
    const again = await handler(false, metrics)(busEvent(event));
    await handler(false, metrics)(busEvent({ ...event, id: ulid() }));

    // Assess
    expect(result).toMatchObject({ outcome: 'opened', alertId: expect.any(String) });
    expect(again.outcome).toBe('duplicate');
    expect(metrics.totals).toEqual({ alertsOpened: 1, alertEventsDuplicate: 1, alertsRepeated: 1 });
    expect(bus.entries).toHaveLength(1);
    expect(bus.entries[0]).toMatchObject({ Source: 'vigil.alerts', DetailType: 'alert.opened' });
    expect(bus.envelopes()[0]?.data).toMatchObject({
      alert: { id: result.alertId, severity: 'CRITICAL', count: 1, state: 'new' },
    });
  });

  it('counts a silenced event without announcing it', async () => {
    // Prepare
    const time = new Date().toISOString();
    const event: Envelope = {
      id: ulid(),
      source: `quiet.${ulid()}`,
      type: 't',
      severity: 'WARNING',
      time,
      receivedAt: time,
    };

    // Act
    const result = await handler(true)(busEvent(event));

    // Assess
    expect(result.outcome).toBe('opened');
    expect(bus.entries).toHaveLength(0);
  });
});
