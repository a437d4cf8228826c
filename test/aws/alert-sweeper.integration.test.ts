import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoAlertStore } from '#lib/aws/alert-store.ts';
import { createAlertSweepHandler } from '#lib/aws/alert-sweeper.ts';
import { EventBridgePublisher } from '#lib/aws/event-publisher.ts';
import { AUTO_RESOLVER, type ResolveTimeout } from '#lib/core/alerts/auto-resolve.ts';
import { AlertService } from '#lib/core/alerts/service.ts';
import type { Envelope } from '#lib/core/envelope.ts';
import type { MetricOf } from '#lib/core/metrics.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';
import { captureLog, recordingBus } from '../support/ingest.ts';
import { countingSink } from '../support/metrics.ts';

let tables: TestTables;
const NOW = Date.parse('2026-11-23T12:00:00Z');
const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString();

beforeAll(async () => {
  tables = await createTestTables();
});

function wiring(timeouts: readonly ResolveTimeout[], now = () => NOW) {
  const store = new DynamoAlertStore({ tableName: tables.alerts, client: tables.client, now });
  const alerts = new AlertService({ store, now, isSilenced: async () => false });
  const log = captureLog();
  const metrics = countingSink<MetricOf<'alert-sweeper'>>();
  const sweep = createAlertSweepHandler({
    store,
    alerts,
    publisher: new EventBridgePublisher({
      client: new EventBridgeClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      }),
      busName: 'vigil-test',
      busSource: 'vigil.alerts',
    }),
    timeouts,
    log,
    metrics,
    newId: ulid,
    now,
  });
  return { store, alerts, sweep, log, metrics };
}

function warning(source: string, type: string, time: string): Envelope {
  return { id: ulid(), source, type, severity: 'WARNING', time, receivedAt: time };
}

async function open(alerts: AlertService, event: Envelope): Promise<string> {
  const result = await alerts.handleEvent(event);
  if (!('alert' in result)) throw new Error('expected an alert');
  return result.alert.id;
}

describe('Function: alert sweeper, against the real DynamoDB', () => {
  let bus: ReturnType<typeof recordingBus>;

  beforeEach(() => {
    bus = recordingBus();
    return () => bus.mock.restore();
  });

  it('resolves exactly the open alerts quiet for longer than their timeout, and announces each', async () => {
    // Prepare
    const run = ulid();
    const timeouts: ResolveTimeout[] = [
      { source: `press.${run}`, timeoutSeconds: 15 * 60 },
      { source: `press.${run}`, type: 'jam', timeoutSeconds: 60 * 60 },
    ];
    const { alerts, store, sweep, metrics } = wiring(timeouts);
    const quiet = await open(alerts, warning(`press.${run}`, 'overheat', minutesAgo(20)));
    const recent = await open(alerts, warning(`press.${run}`, 'vibration', minutesAgo(5)));
    const longerTimeout = await open(alerts, warning(`press.${run}`, 'jam', minutesAgo(20)));
    const uncovered = await open(alerts, warning(`oven.${run}`, 'overheat', minutesAgo(600)));
    const acknowledged = await open(alerts, warning(`press.${run}`, 'leak', minutesAgo(30)));
    await alerts.act(acknowledged, 'acknowledge', { by: 'ana' });

    // Act
    const result = await sweep({} as never);

    // Assess
    expect([...result.resolved].sort()).toEqual([quiet, acknowledged].sort());
    expect(metrics.totals).toEqual({ alertsAutoResolved: 2 });
    for (const id of [recent, longerTimeout, uncovered])
      expect((await store.get(id))?.alert.state).not.toBe('resolved');
    const resolved = await store.get(quiet);
    expect(resolved?.alert).toMatchObject({
      state: 'resolved',
      resolvedBy: AUTO_RESOLVER,
      resolvedAt: new Date(NOW).toISOString(),
      resolutionNotes: `no event since ${minutesAgo(20)} (resolve timeout 900 s)`,
    });
    expect((await store.timeline(quiet)).map((t) => [t.kind, t.by])).toEqual([
      ['opened', undefined],
      ['resolved', AUTO_RESOLVER],
    ]);
    expect(
      bus
        .envelopes()
        .map((e) => [e.type, (e.data?.alert as { id: string } | undefined)?.id])
        .sort(),
    ).toEqual(
      [
        ['alert.resolved', quiet],
        ['alert.resolved', acknowledged],
      ].sort(),
    );
  });

  it('lets a new event of the fingerprint open a new alert after the auto-resolve', async () => {
    // Prepare
    const source = `line.${ulid()}`;
    const { alerts, sweep } = wiring([{ source, timeoutSeconds: 60 }]);
    const first = await open(alerts, warning(source, 'stall', minutesAgo(2)));
    await sweep({} as never);

    // Act
    const second = await open(alerts, warning(source, 'stall', minutesAgo(0)));

    // Assess
    expect(second).not.toBe(first);
  });

  it('gives way when an event refreshed the alert after the sweep found it quiet', async () => {
    // Prepare
    const source = `valve.${ulid()}`;
    const timeouts = [{ source, timeoutSeconds: 60 }];
    const { alerts, store } = wiring(timeouts);
    const id = await open(alerts, warning(source, 'stuck', minutesAgo(5)));
    await alerts.handleEvent(warning(source, 'stuck', minutesAgo(0)));

    // Act
    const resolved = await alerts.autoResolve(id, timeouts);

    // Assess
    expect(resolved).toBeUndefined();
    expect((await store.get(id))?.alert).toMatchObject({ state: 'new', count: 2 });
  });
});
