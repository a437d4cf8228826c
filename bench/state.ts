import { type DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ulid } from 'ulid';
import { announcementOutbox } from '#lib/aws/announcements.ts';
import { drainScheduler } from '#lib/aws/drain-queue.ts';
import { createModuleService } from '#lib/aws/module-deps.ts';
import type { Envelope } from '#lib/core/envelope.ts';
import { StateContentionError } from '#lib/core/state/errors.ts';
import type { ModuleService } from '#lib/core/state/service.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#lib/local/local-account.ts';
import type { RunningVigil } from '#lib/local/start-vigil.ts';
import { countCapacity, countRequests, countWriteUnits } from './capacity.ts';
import { rawPutItemRate } from './ceiling.ts';
import { functionOf, localClients, type Row, ruleDelivery, tableOf } from './local.ts';
import { postEvents } from './producer.ts';
import { fmt, median, percentile, runConcurrently } from './stats.ts';

/** The e2e stack's burst override: no threshold, so no state event the bench sends is suppressed. */
const SOURCE = 'bench.load';
const CONCURRENCY = 8;

const modulesTable = (vigil: RunningVigil) => tableOf(vigil, 'StateModules');
const announcementsTable = (vigil: RunningVigil) => tableOf(vigil, 'AnnouncementsOutbox');

function busOf(vigil: RunningVigil): string {
  if (!vigil.info.busName) throw new Error('no event bus');
  return vigil.info.busName;
}

/** A `state.<EVENT>` envelope as ingest publishes it; `timeMs` is the producer's time. */
function stateEvent(module: string, name: string, timeMs: number): Envelope {
  return {
    id: ulid(),
    source: SOURCE,
    type: `state.${name}`,
    severity: 'INFO',
    time: new Date(timeMs).toISOString(),
    receivedAt: new Date().toISOString(),
    module,
  };
}

/** A long valid cycle on one module: SET_READY, then TASK_START and TASK_COMPLETE (back to Ready) in turn. */
const cycleEvent = (i: number) => (i === 0 ? 'SET_READY' : i % 2 === 1 ? 'TASK_START' : 'TASK_COMPLETE');

/** The module's version (= transitions applied), read as the store reads it. */
async function versionOf(client: DynamoDBClient, table: string, module: string): Promise<number> {
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: table,
      Key: { pk: { S: `M#${module}` }, sk: { S: 'STATE' } },
      ConsistentRead: true,
    }),
  );
  return Number(Item?.version?.N ?? 0);
}

/** The module's first log line: when ingest took the event (`time`, none given) and when the state applied it. */
async function firstTransition(client: DynamoDBClient, table: string, module: string) {
  const { Items } = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :t)',
      ExpressionAttributeValues: { ':pk': { S: `M#${module}` }, ':t': { S: 'T#' } },
      Limit: 1,
    }),
  );
  const item = Items?.[0];
  return { takenAt: Date.parse(item?.time?.S ?? ''), appliedAt: Date.parse(item?.appliedAt?.S ?? '') };
}

/** Where a sample's time went: POST → ingest's claim, → the state function's decision, → committed and seen. */
interface Split {
  readonly total: number;
  readonly toIngest: number;
  readonly toDecision: number;
  readonly toSeen: number;
}

const splitNote = (samples: readonly Split[]) => {
  const part = (pick: (s: Split) => number) =>
    `${fmt(median(samples.map(pick)))} / ${fmt(percentile(samples.map(pick), 99))}`;
  return `where it goes, p50 / p99 ms: POST → ingest's claim ${part((s) => s.toIngest)}; → decided in the state function (rest of ingest, bus, rule, invoke, query) ${part((s) => s.toDecision)}; → committed and seen (transaction, 10 ms polls) ${part((s) => s.toSeen)}`;
};

/**
 * Events/s through the state function, invoked as its rule target (the deployed default: no reorder
 * window), on one module and on 100; and high-priority events.
 */
async function throughFunction(vigil: RunningVigil, row: Row): Promise<void> {
  const fn = functionOf(vigil, 'StateFunction');
  const { dynamodb, eventBridge } = localClients(vigil);
  const table = modulesTable(vigil);
  const send = async (envelope: Envelope) => {
    const result = await vigil.lambda.invoke(fn.name, ruleDelivery(vigil, envelope));
    if (!result.ok) throw new Error(`state function failed: ${result.error.errorMessage}`);
  };
  const run = ulid();
  // Warm every execution environment with high-priority events (applied at once).
  await runConcurrently(CONCURRENCY, CONCURRENCY, (i) =>
    send(stateEvent(`bench.warm.${run}.${i}`, 'FAULT', Date.now())),
  );

  const hot = `bench.hot.${run}`;
  const hotCount = 40;
  const base = Date.now();
  const hotMs = await runConcurrently(hotCount, CONCURRENCY, (i) =>
    send(stateEvent(hot, cycleEvent(i), base + i)),
  );
  const hotApplied = await versionOf(dynamodb, table, hot);
  const manyCount = 100;
  const manyMs = await runConcurrently(manyCount, CONCURRENCY, (i) =>
    send(stateEvent(`bench.many.${run}.${i}`, 'START', Date.now())),
  );
  const highMs = await runConcurrently(manyCount, CONCURRENCY, (i) =>
    send(stateEvent(`bench.high.${run}.${i}`, 'FAULT', Date.now())),
  );
  const ceiling = await rawPutItemRate(vigil);
  const environments = vigil.lambda.stats()[fn.name]?.coldStarts ?? 0;
  row(
    `state: transitions/s, one module, via the state function (${CONCURRENCY} concurrent)`,
    `${fmt(hotApplied / (hotMs / 1000), 1)} tr/s`,
    `${hotCount} events, ${hotApplied} applied (no window: sent concurrently, they apply in arrival order and the rest are refused); ${environments} execution environments`,
  );
  row(
    `state: transitions/s, ${manyCount} modules, via the state function (${CONCURRENCY} concurrent)`,
    `${fmt(manyCount / (manyMs / 1000), 1)} tr/s`,
    `${manyCount} START events, each applied on arrival (direct path: one query, one transaction)`,
  );
  row(
    `state: transitions/s, ${manyCount} modules, via the state function / raw PutItem rate`,
    `${fmt((manyCount / (manyMs / 1000) / ceiling) * 100)} %`,
    `the same rate against the storage ceiling measured right after (${fmt(ceiling)} op/s, 32 concurrent conditional PutItem), to compare runs on a loaded machine`,
  );
  row(
    `state: transitions/s, ${manyCount} modules, high priority (FAULT), via the state function`,
    `${fmt(manyCount / (highMs / 1000), 1)} tr/s`,
    `${manyCount} events: high priority, the same path as a normal event with no window`,
  );
  dynamodb.destroy();
  eventBridge.destroy();
}

/** `receive` as a redelivery would retry it: a StateContentionError leaves the event queued. */
async function receiveRetrying(service: ModuleService, event: Envelope): Promise<number> {
  for (let retries = 0; ; retries++) {
    try {
      await service.receive(event);
      return retries;
    } catch (error) {
      if (!(error instanceof StateContentionError) || retries >= 10) throw error;
    }
  }
}

/** The module service in this process, on the runtime's DynamoDB and bus; no reorder window unless given one. */
function inProcessService(
  vigil: RunningVigil,
  dynamodb: ReturnType<typeof localClients>['dynamodb'],
  eventBridge: ReturnType<typeof localClients>['eventBridge'],
  window: { reorderWindowMs: number; scheduleDrain?: (module: string, afterMs: number) => Promise<void> } = {
    reorderWindowMs: 0,
  },
): ModuleService {
  return createModuleService({
    tableName: modulesTable(vigil),
    busName: busOf(vigil),
    ...window,
    dynamodb,
    eventBridge,
    outbox: announcementOutbox(announcementsTable(vigil), dynamodb),
    log: { error: (message) => console.error(message), warn: (message) => console.warn(message) },
    newId: ulid,
  });
}

/** ModuleService in-process with no reorder window, on the runtime's DynamoDB and bus: the storage-bound rate. */
async function inProcess(vigil: RunningVigil, row: Row): Promise<void> {
  const { dynamodb, eventBridge } = localClients(vigil);
  const table = modulesTable(vigil);
  const service = inProcessService(vigil, dynamodb, eventBridge);
  const run = ulid();
  const count = 300;
  const hotRun = async (module: string, concurrency: number) => {
    const base = Date.now();
    let retries = 0;
    const ms = await runConcurrently(count, concurrency, async (i) => {
      retries += await receiveRetrying(service, stateEvent(module, cycleEvent(i), base + i));
    });
    return { ms, retries, applied: await versionOf(dynamodb, table, module) };
  };
  const serial = await hotRun(`bench.raw.serial.${run}`, 1);
  const hot = await hotRun(`bench.raw.hot.${run}`, CONCURRENCY);
  const modules = 100;
  let manyRetries = 0;
  const manyBase = Date.now();
  // Event k of module m starts 100 tasks after event k-1: each module's events are applied in order.
  const manyMs = await runConcurrently(count, CONCURRENCY, async (i) => {
    const name = ['START', 'INIT_SUCCESS', 'SET_READY'][Math.floor(i / modules)] as string;
    manyRetries += await receiveRetrying(
      service,
      stateEvent(`bench.raw.many.${run}.${i % modules}`, name, manyBase + i),
    );
  });
  row(
    'state: transitions/s, one module, 1 at a time, in-process, no reorder window',
    `${fmt(serial.applied / (serial.ms / 1000))} tr/s`,
    `${count} events, ${serial.applied} applied: direct path (query, transaction, PutEvents)`,
  );
  row(
    `state: events/s, one module (${CONCURRENCY} concurrent), in-process, no reorder window`,
    `${fmt(count / (hot.ms / 1000))} ev/s`,
    `${count} events, ${hot.applied} applied, ${count - hot.applied} refused (concurrent sends, no window to reorder them); ${hot.retries} contention retries`,
  );
  row(
    `state: transitions/s, ${modules} modules (${CONCURRENCY} concurrent), in-process, no reorder window`,
    `${fmt(count / (manyMs / 1000))} tr/s`,
    `${count} events, 3 per module, all applied; ${manyRetries} contention retries`,
  );
  dynamodb.destroy();
  eventBridge.destroy();
}

/** What one event cost on average: DynamoDB capacity units as reported, requests, and write units as AWS bills them. */
interface PerEventCost {
  readonly units: number;
  readonly requests: number;
  readonly awsWriteUnits: number;
}

/** Counts on `dynamodb`: the returned function runs `count` steps one at a time and answers their cost per step. */
function perEventMeter(dynamodb: DynamoDBClient) {
  const capacity = countCapacity(dynamodb);
  const requests = countRequests(dynamodb);
  const writeUnits = countWriteUnits(dynamodb);
  return async (count: number, step: (i: number) => Promise<unknown>): Promise<PerEventCost> => {
    capacity.reset();
    requests.reset();
    writeUnits.reset();
    for (let i = 0; i < count; i++) await step(i);
    return {
      units: capacity.units() / count,
      requests: requests.count() / count,
      awsWriteUnits: writeUnits.units() / count,
    };
  };
}

/** DynamoDB requests and capacity units per event (no window, one at a time), from ReturnConsumedCapacity. */
async function costPerTransition(vigil: RunningVigil, row: Row): Promise<void> {
  const { dynamodb, eventBridge } = localClients(vigil);
  const measure = perEventMeter(dynamodb);
  const service = inProcessService(vigil, dynamodb, eventBridge);
  const module = `bench.cost.${ulid()}`;
  const base = Date.now();
  const count = 50;
  const applied = await measure(count, (i) => service.receive(stateEvent(module, cycleEvent(i), base + i)));
  // The module is Running now: SET_READY is refused every time.
  const refused = await measure(10, (i) =>
    service.receive(stateEvent(module, 'SET_READY', base + count + i)),
  );
  const sync = await measure(10, (i) =>
    service.applyNow(
      module,
      { type: i % 2 === 0 ? 'TASK_COMPLETE' : 'TASK_START' },
      { origin: 'admin', by: 'bench' },
    ),
  );
  dynamodb.destroy();
  eventBridge.destroy();
  transitionCostRows(row, { applied, refused, sync });
}

/** The cost rows: requests and units per applied transition, per refused event, per admin transition. */
function transitionCostRows(
  row: Row,
  { applied, refused, sync }: Record<'applied' | 'refused' | 'sync', PerEventCost>,
): void {
  const local = 'as DynamoDB Local reports them (it under-counts transactions)';
  row(
    'state: DynamoDB requests per applied transition (async path)',
    fmt(applied.requests, 1),
    'direct path (no window, nothing waiting): one query (STATE + whether the inbox is empty) + one transaction (state, log line, marker)',
  );
  row(
    'state: write units per applied transition, async path (AWS accounting)',
    `${fmt(applied.awsWriteUnits, 1)} WCU`,
    'counted from the requests sent, items ≤ 1 KB: 3 transactional items × 2, + 1 strongly consistent query (≤ 4 KB, 1 RCU)',
  );
  row(
    'state: DynamoDB capacity units per applied transition (async path)',
    fmt(applied.units, 1),
    `${local}; in AWS, items ≤ 1 KB: 3 transactional items × 2 = 6 WCU + 1 strongly consistent query`,
  );
  row(
    'state: DynamoDB capacity units per refused event (async path)',
    fmt(refused.units, 1),
    `${local}; in AWS: 2 transactional items (version check, marker) × 2 = 4 WCU + 1 query`,
  );
  row(
    'state: DynamoDB requests / capacity units per transition (sync admin path)',
    `${fmt(sync.requests, 1)} / ${fmt(sync.units, 1)}`,
    `state read + transaction (state, log line, marker); ${local}; in AWS: 6 WCU + 1 read`,
  );
}

/** Where latency samples look for the change: the runtime, a DynamoDB client and the Modules table. */
interface LatencyProbe {
  readonly vigil: RunningVigil;
  readonly dynamodb: DynamoDBClient;
  readonly table: string;
}

/** POSTs one event for a fresh `module`, then polls the Modules table until its state changed. */
async function sampleLatency(
  { vigil, dynamodb, table }: LatencyProbe,
  module: string,
  type: string,
  windowMs: number,
): Promise<Split> {
  const sentAt = Date.now();
  const status = await postEvents(vigil, { source: SOURCE, type, module });
  if (status !== 202) throw new Error(`POST /events answered ${status}`);
  for (;;) {
    const waited = Date.now() - sentAt;
    if (waited > 15_000) throw new Error(`module ${module} not changed after 15 s`);
    if ((await versionOf(dynamodb, table, module)) > 0) {
      const { takenAt, appliedAt } = await firstTransition(dynamodb, table, module);
      return {
        total: waited,
        toIngest: takenAt - sentAt,
        toDecision: appliedAt - takenAt,
        toSeen: sentAt + waited - appliedAt,
      };
    }
    // Gently inside the window (DynamoDB Local is shared with the function), closely near its end.
    await new Promise((resolve) => setTimeout(resolve, waited < windowMs - 200 ? 100 : 10));
  }
}

/** POST /events → the new state in the Modules table, for fresh modules. */
async function latency(vigil: RunningVigil, row: Row): Promise<void> {
  const { dynamodb, eventBridge } = localClients(vigil);
  const probe: LatencyProbe = { vigil, dynamodb, table: modulesTable(vigil) };
  const run = ulid();
  const concurrency = 3;
  // Warm the ingest and state environments the samples will use.
  await runConcurrently(concurrency, concurrency, async (i) => {
    await sampleLatency(probe, `bench.latency.warm.${run}.${i}`, 'state.FAULT', 0);
  });
  const high: Split[] = [];
  for (let i = 0; i < 60; i++)
    high.push(await sampleLatency(probe, `bench.latency.high.${run}.${i}`, 'state.FAULT', 0));
  const normal: Split[] = [];
  await runConcurrently(60, concurrency, async (i) => {
    normal.push(await sampleLatency(probe, `bench.latency.${run}.${i}`, 'state.START', 0));
  });
  latencyRows(row, { normal, high, concurrency });
  dynamodb.destroy();
  eventBridge.destroy();
}

/** The p50 and p99 of both kinds of sample, with where the time went. */
function latencyRows(
  row: Row,
  { normal, high, concurrency }: { normal: Split[]; high: Split[]; concurrency: number },
): void {
  const p99 = (samples: readonly Split[]) =>
    percentile(
      samples.map((s) => s.total),
      99,
    );
  row(
    'latency POST /events → module state changed, normal event, p50',
    `${fmt(median(normal.map((s) => s.total)))} ms`,
    `${normal.length} fresh modules, ${concurrency} at a time; no reorder window (the default): applied on arrival`,
  );
  row(
    'latency POST /events → module state changed, normal event, p99',
    `${fmt(p99(normal))} ms`,
    splitNote(normal),
  );
  row(
    'latency POST /events → module state changed, high priority (FAULT), p50',
    `${fmt(median(high.map((s) => s.total)))} ms`,
    `${high.length} fresh modules, one at a time; applied at once`,
  );
  row(
    'latency POST /events → module state changed, high priority, p99',
    `${fmt(p99(high))} ms`,
    splitNote(high),
  );
}

const WINDOW_MS = 2_000;

/**
 * A 2 s reorder window through the scheduled drain: the service in this process queues each event
 * and schedules its drain on the runtime's drain queue (DelaySeconds 2); the queue's event source
 * mapping invokes the state function, which applies it. Times how long `receive` takes (what an
 * invocation costs: it never waits) and how long until the change is stored.
 */
async function scheduledDrain(vigil: RunningVigil, row: Row): Promise<void> {
  const queue = vigil.topology.queues.find((q) => q.logicalId.startsWith('StateDrainQueue'));
  if (!queue || !vigil.info.sqsEndpoint) throw new Error('no drain queue');
  const { dynamodb, eventBridge } = localClients(vigil);
  const sqs = new SQSClient({
    endpoint: vigil.info.sqsEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const service = inProcessService(vigil, dynamodb, eventBridge, {
    reorderWindowMs: WINDOW_MS,
    scheduleDrain: drainScheduler(sqs, queue.url),
  });
  const table = modulesTable(vigil);
  const run = ulid();
  const count = 30;
  const sent = new Map<string, number>();
  const returned: number[] = [];
  await runConcurrently(count, CONCURRENCY, async (i) => {
    const module = `bench.window.${run}.${i}`;
    const sentAt = Date.now();
    sent.set(module, sentAt);
    const { scheduledInMs } = await service.receive(stateEvent(module, 'START', sentAt));
    returned.push(Date.now() - sentAt);
    if (scheduledInMs === undefined) throw new Error(`${module}: no drain scheduled`);
  });
  const applied: number[] = [];
  while (sent.size > 0) {
    for (const [module, sentAt] of sent) {
      if (Date.now() - sentAt > 30_000) throw new Error(`${module} not applied after 30 s`);
      if ((await versionOf(dynamodb, table, module)) === 0) continue;
      // When the drain applied it, from the log line: the polls' round over all modules is coarse.
      applied.push((await firstTransition(dynamodb, table, module)).appliedAt - sentAt);
      sent.delete(module);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  row(
    'state: 2 s reorder window, scheduled drain: receive returns, p50 / p99',
    `${fmt(median(returned))} / ${fmt(percentile(returned, 99))} ms`,
    `${count} normal events on fresh modules, ${CONCURRENCY} at a time: enqueue, head read, SendMessage (DelaySeconds 2); no invocation waits`,
  );
  row(
    'state: 2 s reorder window, scheduled drain: POST → applied, p50 / p99',
    `${fmt(median(applied))} / ${fmt(percentile(applied, 99))} ms`,
    'to appliedAt in the log line: the drain queue delays the message 2 s (a window rounds up to whole seconds), then the event source mapping polls, batches and invokes the state function, which drains each module',
  );
  sqs.destroy();
  dynamodb.destroy();
  eventBridge.destroy();
}

export async function stateBench(vigil: RunningVigil, row: Row): Promise<void> {
  await throughFunction(vigil, row);
  await inProcess(vigil, row);
  await costPerTransition(vigil, row);
  await latency(vigil, row);
  await scheduledDrain(vigil, row);
}
