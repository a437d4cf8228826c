import { ulid } from 'ulid';
import { DynamoAlertStore } from '../lib/aws/alert-store.ts';
import { AlertService } from '../lib/core/alerts/service.ts';
import type { Envelope } from '../lib/core/envelope.ts';
import type { RunningVigil } from '../lib/local/runtime.ts';
import { countCapacity } from './capacity.ts';
import { localClients, type Row, ruleDelivery, tableOf } from './local.ts';
import { fmt, runConcurrently } from './stats.ts';

function warning(source: string, type: string): Envelope {
  const now = new Date().toISOString();
  return { id: ulid(), source, type, severity: 'WARNING', message: 'bench', time: now, receivedAt: now };
}

/** Events/s through the alerting function (invoked as its rule target), on one fingerprint and on many. */
async function throughput(vigil: RunningVigil, row: Row): Promise<void> {
  const alerting = vigil.topology.functions.find((f) => f.logicalId.startsWith('AlertingFunction'));
  if (!alerting) throw new Error('no alerting function');
  const send = async (envelope: Envelope) => {
    const result = await vigil.lambda.invoke(alerting.name, ruleDelivery(vigil, envelope));
    if (!result.ok) throw new Error(`alerting failed: ${result.error.errorMessage}`);
  };
  const run = ulid();
  for (let i = 0; i < 20; i++) await send(warning(`bench.warm.${run}`, `t${i}`));
  const count = 300;
  const concurrency = 8;
  const hotMs = await runConcurrently(count, concurrency, () =>
    send(warning(`bench.hot.${run}`, 'overheat')),
  );
  const manyMs = await runConcurrently(count, concurrency, (i) =>
    send(warning(`bench.many.${run}.${i}`, 'overheat')),
  );
  row(
    `alerting: events/s, one fingerprint (${concurrency} concurrent)`,
    `${fmt(count / (hotMs / 1000))} ev/s`,
    `${count} events → 1 alert, count ${count}: every write contends (optimistic retries)`,
  );
  row(
    `alerting: events/s, ${count} fingerprints (${concurrency} concurrent)`,
    `${fmt(count / (manyMs / 1000))} ev/s`,
    `${count} events → ${count} alerts`,
  );
  row(
    'alerting: one fingerprint / many fingerprints',
    `${fmt((manyMs / hotMs) * 100, 1)} %`,
    'throughput ratio',
  );
}

/** Write and read units per alert change, from ReturnConsumedCapacity on the runtime's DynamoDB. */
async function costPerChange(vigil: RunningVigil, row: Row): Promise<void> {
  const tableName = tableOf(vigil, 'AlertingAlerts');
  const { dynamodb: client } = localClients(vigil);
  const capacity = countCapacity(client);
  const service = new AlertService({
    store: new DynamoAlertStore({ tableName, client }),
    newId: ulid,
    now: Date.now,
    isSilenced: async () => false,
  });
  const run = ulid();
  const sources = Array.from({ length: 20 }, (_, i) => `bench.cost.${run}.${i}`);
  for (const source of sources) await service.handleEvent(warning(source, 'overheat'));
  const opened = capacity.units();
  capacity.reset();
  for (let round = 0; round < 5; round++)
    for (const source of sources) await service.handleEvent(warning(source, 'overheat'));
  const repeated = capacity.units();
  client.destroy();
  row(
    'alerting: DynamoDB capacity units per alert opened',
    fmt(opened / sources.length, 1),
    'read pointer + transaction (alert, pointer, timeline, event marker), transactional writes cost 2×',
  );
  row(
    'alerting: DynamoDB capacity units per alert update (repeat)',
    fmt(repeated / (sources.length * 5), 1),
    'read pointer + alert + transaction (alert, timeline, event marker)',
  );
}

export async function alertingBench(vigil: RunningVigil, row: Row): Promise<void> {
  await throughput(vigil, row);
  await costPerChange(vigil, row);
}
