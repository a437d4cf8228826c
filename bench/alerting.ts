import { QueryCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ulid } from 'ulid';
import { alertItem, pointerKey } from '#lib/aws/alert-items.ts';
import { DynamoAlertStore } from '#lib/aws/alert-store.ts';
import { openAlertFrom } from '#lib/core/alerts/alert.ts';
import { AlertService } from '#lib/core/alerts/service.ts';
import type { Envelope } from '#lib/core/envelope.ts';
import type { RunningVigil } from '#lib/local/start-vigil.ts';
import { countCapacity } from './capacity.ts';
import { storageCeiling } from './ceiling.ts';
import { functionOf, localClients, type Row, ruleDelivery, tableOf } from './local.ts';
import { postEvents } from './producer.ts';
import { fmt, median, percentile, runConcurrently } from './stats.ts';
import { describePasses, type WarmRate, warmRate } from './warm.ts';

function warning(source: string, type: string): Envelope {
  const now = new Date().toISOString();
  return { id: ulid(), source, type, severity: 'WARNING', message: 'bench', time: now, receivedAt: now };
}

const EVENTS_PER_PASS = 300;
const CONCURRENCY = 8;

/**
 * Events/s through the alerting function (invoked as its rule target), on one fingerprint and on
 * many, each measured warm in passes of fresh fingerprints (warm.ts), like the ceiling.
 */
async function throughput(vigil: RunningVigil, row: Row): Promise<WarmRate> {
  const alerting = functionOf(vigil, 'AlertingFunction');
  const send = async (envelope: Envelope) => {
    const result = await vigil.lambda.invoke(alerting.name, ruleDelivery(vigil, envelope));
    if (!result.ok) throw new Error(`alerting failed: ${result.error.errorMessage}`);
  };
  const run = ulid();
  for (let i = 0; i < 20; i++) await send(warning(`bench.warm.${run}`, `t${i}`));
  const rate = async (source: (pass: number, i: number) => string) =>
    warmRate(async (pass) => {
      const ms = await runConcurrently(EVENTS_PER_PASS, CONCURRENCY, (i) =>
        send(warning(source(pass, i), 'overheat')),
      );
      return EVENTS_PER_PASS / (ms / 1000);
    });
  const hot = await rate((pass) => `bench.hot.${run}.${pass}`);
  const many = await rate((pass, i) => `bench.many.${run}.${pass}.${i}`);
  const passes = (rate: WarmRate) => describePasses(rate, `${EVENTS_PER_PASS}`);
  row(
    `alerting: events/s, one fingerprint (${CONCURRENCY} concurrent)`,
    `${fmt(hot.rate)} ev/s`,
    `${EVENTS_PER_PASS} events a pass → 1 alert, count ${EVENTS_PER_PASS}: every write contends (optimistic retries); ${passes(hot)}`,
  );
  row(
    `alerting: events/s, ${EVENTS_PER_PASS} fingerprints (${CONCURRENCY} concurrent)`,
    `${fmt(many.rate)} ev/s`,
    `${EVENTS_PER_PASS} events a pass → ${EVENTS_PER_PASS} alerts; ${passes(many)}`,
  );
  row(
    'alerting: one fingerprint / many fingerprints',
    `${fmt((hot.rate / many.rate) * 100, 1)} %`,
    'throughput ratio',
  );
  return many;
}

const OPENS_PER_PASS = 2_000;

/**
 * The transactional ceiling: raw TransactWriteItems of what opening an alert writes (the pointer
 * and the alert with its timeline, each put if absent), 8 concurrent like the function's
 * invocations, with no Lambda or read around it. DynamoDB Local runs a transaction at several
 * times a PutItem's CPU, so this caps any alerting rate that opens alerts in one transaction.
 */
async function rawOpenTransactions(vigil: RunningVigil): Promise<WarmRate> {
  const { dynamodb: client, eventBridge } = localClients(vigil);
  eventBridge.destroy();
  const table = tableOf(vigil, 'AlertingAlerts');
  const rate = await warmRate(async () => {
    const ms = await runConcurrently(OPENS_PER_PASS, CONCURRENCY, async () => {
      const alert = openAlertFrom(warning(`bench.tx.${ulid()}`, 'overheat'));
      const put = (item: Record<string, unknown>) => ({
        Put: {
          TableName: table,
          Item: marshall(item, { removeUndefinedValues: true }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            put({ ...pointerKey(alert.fingerprint), alertId: alert.id }),
            put({
              ...alertItem(alert, 1),
              timeline: [{ at: alert.firstSeenAt, kind: 'opened', eventId: alert.id, severity: 'WARNING' }],
            }),
          ],
        }),
      );
    });
    return OPENS_PER_PASS / (ms / 1000);
  });
  client.destroy();
  return rate;
}

/** Capacity units per alert change, from ReturnConsumedCapacity on the runtime's DynamoDB, in AWS accounting. */
async function costPerChange(vigil: RunningVigil, row: Row): Promise<void> {
  const tableName = tableOf(vigil, 'AlertingAlerts');
  const { dynamodb: client, eventBridge } = localClients(vigil);
  eventBridge.destroy();
  const capacity = countCapacity(client);
  const service = new AlertService({
    store: new DynamoAlertStore({ tableName, client }),
    now: Date.now,
    isSilenced: async () => false,
  });
  const run = ulid();
  const sources = Array.from({ length: 20 }, (_, i) => `bench.cost.${run}.${i}`);
  const measure = async (rounds: number) => {
    capacity.reset();
    for (let round = 0; round < rounds; round++)
      for (const source of sources) await service.handleEvent(warning(source, 'overheat'));
    const changes = sources.length * rounds;
    const per = (n: number) => fmt(n / changes, 1);
    return { aws: per(capacity.awsUnits()), index: per(capacity.indexUnits()), local: per(capacity.units()) };
  };
  const opened = await measure(1);
  const repeated = await measure(5);
  client.destroy();
  row(
    'alerting: DynamoDB capacity units per alert opened',
    opened.aws,
    `AWS accounting, items ≤ 1 KB: read pointer + transaction (pointer, alert with its timeline, under its opening event's marker key) × 2, of which ${opened.index} in the listing index; DynamoDB Local reported ${opened.local}`,
  );
  row(
    'alerting: DynamoDB capacity units per alert update (repeat)',
    repeated.aws,
    `AWS accounting: read pointer + read alert + transaction (alert, event marker) × 2, of which ${repeated.index} in the indexes; DynamoDB Local reported ${repeated.local}`,
  );
}

async function post(vigil: RunningVigil, body: unknown): Promise<void> {
  const status = await postEvents(vigil, body);
  if (status !== 202) throw new Error(`POST /events answered ${status}`);
}

/** POST /events (CRITICAL, a new fingerprint each) → `alert.opened` at the e2e app's probe rule. */
async function openedLatency(vigil: RunningVigil, row: Row): Promise<void> {
  const { dynamodb: client, eventBridge } = localClients(vigil);
  eventBridge.destroy();
  const probeTable = tableOf(vigil, 'ProbeDeliveries');
  const source = `e2e.alertlatency.${ulid()}`;
  const latencies: number[] = [];
  const samples = 100;
  const warmUp = 10;
  // The first rounds start the ingest, alerting and probe environments (cold starts): not sampled.
  for (let i = 0; i < warmUp + samples; i++) {
    const id = ulid();
    const sentAt = Date.now();
    await post(vigil, { id, source, type: `latency.${i}`, severity: 'CRITICAL', message: 'bench' });
    for (const deadline = sentAt + 10_000; Date.now() < deadline; ) {
      const { Items } = await client.send(
        new QueryCommand({
          TableName: probeTable,
          KeyConditionExpression: 'pk = :id',
          ExpressionAttributeValues: { ':id': { S: `alert.opened#${id}` } },
          ConsistentRead: true,
        }),
      );
      const arrivedAt = Items?.[0]?.arrivedAt?.N;
      if (arrivedAt) {
        if (i >= warmUp) latencies.push(Number(arrivedAt) - sentAt);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  client.destroy();
  const note = `${latencies.length} of ${samples} CRITICAL events, one at a time, after ${warmUp} to warm the functions: ingest, rule, alerting function, PutEvents, probe rule`;
  row(
    'alerting: latency POST /events (CRITICAL) → alert.opened on the bus, p50',
    `${fmt(median(latencies))} ms`,
    note,
  );
  row(
    'alerting: latency POST /events (CRITICAL) → alert.opened on the bus, p99',
    `${fmt(percentile(latencies, 99))} ms`,
  );
}

export async function alertingBench(vigil: RunningVigil, row: Row): Promise<void> {
  const ceiling = await storageCeiling(vigil);
  row(
    'alerting: DynamoDB Local raw conditional PutItem (32 concurrent)',
    `${fmt(ceiling.rate)} op/s`,
    'the storage ceiling once warm (raw passes, warm.ts), measured just before the alerting rows',
  );
  const transactions = await rawOpenTransactions(vigil);
  row(
    `alerting: DynamoDB Local raw open transaction (${CONCURRENCY} concurrent)`,
    `${fmt(transactions.rate)} tx/s`,
    `TransactWriteItems of an alert opening's two puts (pointer, alert with its timeline), nothing else: ${fmt((transactions.rate / ceiling.rate) * 100, 1)} % of the PutItem ceiling, which caps any rate of alerts opened by one transaction on this DynamoDB Local; ${describePasses(transactions, fmt(OPENS_PER_PASS))}`,
  );
  const many = await throughput(vigil, row);
  row(
    'alerting: events/s over 300 fingerprints / raw PutItem rate',
    `${fmt((many.rate / ceiling.rate) * 100, 1)} %`,
    `each new alert: silences (cached), pointer read, one 2-item transaction (pointer, alert), PutEvents; first passes (cold): ${fmt((many.firstPass / ceiling.firstPass) * 100, 1)} %`,
  );
  row(
    'alerting: events/s over 300 fingerprints / raw open transaction rate',
    `${fmt((many.rate / transactions.rate) * 100, 1)} %`,
    'the share of the transactional ceiling the function reaches with its read, Lambda invocation and PutEvents around the transaction',
  );
  await costPerChange(vigil, row);
  await openedLatency(vigil, row);
}
