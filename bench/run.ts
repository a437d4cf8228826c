import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { loadEnv } from '#lib/aws/env.ts';
import { createIngestPipeline } from '#lib/aws/ingest-deps.ts';
import { ingestEnvSchema } from '#lib/aws/ingest-env.ts';
import { compilePattern } from '#lib/core/pattern.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#lib/local/local-account.ts';
import type { RunningVigil } from '#lib/local/start-vigil.ts';
import { ensureAssembly } from '#lib/local/template/assembly.ts';
import { BENCH_ASSEMBLY, PROJECT_ROOT, startE2eRuntime } from '#test/e2e/support/assembly.ts';
import { alertingBench } from './alerting.ts';
import { countCapacity, countRequests } from './capacity.ts';
import { type Ceiling, PASS_OPERATIONS, storageCeiling } from './ceiling.ts';
import { consoleBench } from './console.ts';
import { costPerMillion, describeCost } from './cost-model.ts';
import { benchSubscriptions, dispatchUsage } from './dispatch-cost.ts';
import { FunctionLogMeter } from './function-logs.ts';
import { loadCurveBench } from './load-curve.ts';
import { functionOf, localClients, tableOf } from './local.ts';
import { patternMachineBench } from './pattern-machine.ts';
import { describePlatformLines, platformBytesPerInvocation } from './platform-lines.ts';
import { postEvents } from './producer.ts';
import { READING } from './reading.ts';
import { replayBench } from './replay.ts';
import { mergeRows, previousReport, type ReportRow, writeReport } from './report.ts';
import { robustnessBench } from './robustness.ts';
import { stateBench } from './state.ts';
import { fmt, median, percentile, runConcurrently } from './stats.ts';
import { describePasses, type WarmRate, warmRate } from './warm.ts';

const SOURCE = 'bench.load';
/** The e2e app's burst threshold for SOURCE: the bench's events are never suppressed. */
const BENCH_BURST_THRESHOLD = 1e9;
const rows: ReportRow[] = [];
const row = (metric: string, value: string, note = '') => {
  rows.push([metric, value, note]);
  console.log(`${metric.padEnd(58)} ${value.padStart(14)}  ${note}`);
};

const SINGLES_PER_PASS = 2_000;
const BATCHES_PER_PASS = 30;

/**
 * Ingest over HTTP: single-event and 100-event requests, all accepted (no burst threshold for the
 * bench source), each measured warm in passes (warm.ts), like the ceiling it is compared with.
 */
async function ingestThroughput(vigil: RunningVigil): Promise<{ single: WarmRate; batched: WarmRate }> {
  const event = (i: number) => ({
    source: SOURCE,
    type: `load.t${i % 10}`,
    message: 'bench',
    signal: { valence: 0.1, state: [i, i + 1] },
  });
  for (let i = 0; i < 50; i++) await postEvents(vigil, event(i)); // start the environments
  const single = await warmRate(async () => {
    const ms = await runConcurrently(SINGLES_PER_PASS, 16, async (i) => {
      if ((await postEvents(vigil, event(i))) !== 202) throw new Error('single event not accepted');
    });
    return SINGLES_PER_PASS / (ms / 1000);
  });
  const batched = await warmRate(async () => {
    const ms = await runConcurrently(BATCHES_PER_PASS, 4, async (b) => {
      const status = await postEvents(vigil, {
        events: Array.from({ length: 100 }, (_, i) => event(b * 100 + i)),
      });
      if (status !== 202) throw new Error(`batch answered ${status}`);
    });
    return (BATCHES_PER_PASS * 100) / (ms / 1000);
  });
  const passes = (rate: WarmRate, size: number) => describePasses(rate, `${fmt(size)} events`);
  row(
    'ingest, single-event requests (16 concurrent)',
    `${fmt(single.rate)} ev/s`,
    passes(single, SINGLES_PER_PASS),
  );
  row(
    'ingest, 100-event batches (4 concurrent)',
    `${fmt(batched.rate)} ev/s`,
    passes(batched, BATCHES_PER_PASS * 100),
  );
  return { single, batched };
}

/** POST /events → the probe rule target's handler, measured from the probe's arrival stamps. */
async function endToEndLatency(vigil: RunningVigil): Promise<void> {
  const probeTable = tableOf(vigil, 'ProbeDeliveries');
  const client = new DynamoDBClient({
    endpoint: vigil.info.dynamodbEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const latencies: number[] = [];
  const samples = 100;
  for (let i = 0; i < samples; i++) {
    const id = ulid();
    const sentAt = Date.now();
    // A type per event: the same source+type 100 times in a minute would be burst-suppressed.
    await postEvents(vigil, { id, source: 'e2e.latency', type: `latency.${i}` });
    // Poll gently: DynamoDB Local serves a few hundred requests/s here, and the probe writes to it too.
    for (let waited = 0; waited < 10_000; waited += 10) {
      const { Items } = await client.send(
        new QueryCommand({
          TableName: probeTable,
          KeyConditionExpression: 'pk = :id',
          ExpressionAttributeValues: { ':id': { S: id } },
          ConsistentRead: true,
        }),
      );
      const arrivedAt = Items?.[0]?.arrivedAt?.N;
      if (arrivedAt) {
        latencies.push(Number(arrivedAt) - sentAt);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  client.destroy();
  row(
    'latency POST /events → rule target, p50',
    `${fmt(median(latencies))} ms`,
    `${latencies.length} events, one at a time`,
  );
  row('latency POST /events → rule target, p99', `${fmt(percentile(latencies, 99))} ms`);
}

/** Bytes Powertools Logger adds to each line (level, timestamp, service, function name/ARN/memory, request id, X-Ray id, cold start). */
const POWERTOOLS_LINE_OVERHEAD_BYTES = 350;
/** The fields EventBridge wraps around `detail` in the audit rule's CloudWatch Logs line. */
const BUS_EVENT_OVERHEAD_BYTES = 250;
/** Powertools Metrics' EMF document, one per request (the ingest counters, namespace, dimensions). */
const METRICS_LINE_BYTES = 600;
/** Every handler line the runtime prints, counted per function (the dispatch cost reads it). */
const functionLogs = new FunctionLogMeter();

/** The ingest function's memory, as the synthesized template sets it. */
function ingestMemoryGb(vigil: RunningVigil): number {
  return functionOf(vigil, 'IngestFunction').memoryMb / 1024;
}

/** A log that only counts the bytes Powertools would ingest into CloudWatch Logs. */
function byteCountingLog() {
  let bytes = 0;
  const line = (message: string, ...extra: Record<string, unknown>[]) => {
    bytes +=
      Buffer.byteLength(JSON.stringify({ message, ...Object.assign({}, ...extra) })) +
      POWERTOOLS_LINE_OVERHEAD_BYTES;
  };
  return {
    log: { debug() {}, info: line, warn: line, error: line },
    bytes: () => bytes,
    reset: () => {
      bytes = 0;
    },
  };
}

/** The event the cost rows ingest: a small signal, as a typical producer sends. */
const COST_EVENT = {
  source: SOURCE,
  type: 'cost.t',
  message: 'bench',
  signal: { valence: 0.2, state: [21.5, 22.1] },
};

type IngestPipeline = ReturnType<typeof createIngestPipeline>;

/** The ingest pipeline in-process on the runtime's tables and bus, logging into `log`. */
function inProcessIngest(
  vigil: RunningVigil,
  { dynamodb, eventBridge }: ReturnType<typeof localClients>,
  log: ReturnType<typeof byteCountingLog>['log'],
): IngestPipeline {
  const env = loadEnv(ingestEnvSchema, {
    HISTORY_TABLE_NAME: tableOf(vigil, 'EventStoreHistory'),
    DEDUP_TABLE_NAME: tableOf(vigil, 'EventStoreDedup'),
    EVENT_BUS_NAME: vigil.info.busName,
    BURST_OVERRIDES: JSON.stringify([
      { source: SOURCE, threshold: BENCH_BURST_THRESHOLD, windowSeconds: 60 },
    ]),
  });
  return createIngestPipeline({ env, log, counters: { add() {} }, dynamodb, eventBridge });
}

/** `rounds` requests of `size` copies of COST_EVENT, one at a time: events accepted and each request's duration. */
async function ingestRounds(pipeline: IngestPipeline, size: number, rounds: number) {
  const identity = { producer: 'bench', sources: ['*'] };
  let accepted = 0;
  const durations: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    const results = await pipeline.ingest(
      Array.from({ length: size }, () => COST_EVENT),
      identity,
    );
    durations.push(performance.now() - started);
    accepted += results.filter((x) => x.status === 'accepted').length;
  }
  return { accepted, durations };
}

/** The size of COST_EVENT's envelope as ingest publishes it (what the bus archive keeps). */
function envelopeBytes(): number {
  return Buffer.byteLength(
    JSON.stringify({
      ...COST_EVENT,
      id: ulid(),
      time: new Date().toISOString(),
      receivedAt: new Date().toISOString(),
      severity: 'INFO',
    }),
  );
}

/** The pipeline in-process on the runtime's DynamoDB and EventBridge, counting write units and PutEvents calls. */
async function costPerEvent(vigil: RunningVigil): Promise<void> {
  const clients = localClients(vigil);
  const capacity = countCapacity(clients.dynamodb);
  const putEvents = countRequests(clients.eventBridge);
  const logs = byteCountingLog();
  const pipeline = inProcessIngest(vigil, clients, logs.log);
  // Lambda's own records per invocation, as the template's LoggingConfig keeps them (the local runtime writes none).
  const ingestLogging = functionOf(vigil, 'IngestFunction').logging;
  const dispatchLogging = functionOf(vigil, 'SubscriptionsDispatchFunction').logging;
  // Every accepted event is published; the narrowed dispatch rule sends dispatch only what the
  // bench's subscription (CRITICAL alerts) can want.
  const dispatch = await dispatchUsage(vigil, functionLogs, COST_EVENT);
  for (const [label, size, rounds] of [
    ['single events', 1, 200],
    ['100-event batches', 100, 10],
  ] as const) {
    capacity.reset();
    putEvents.reset();
    logs.reset();
    const { accepted, durations } = await ingestRounds(pipeline, size, rounds);
    row(
      `DynamoDB write units per accepted event (${label})`,
      fmt(capacity.units() / accepted, 2),
      `ReturnConsumedCapacity: claim + history; the burst counter once per request at most, and per k events per environment (k = ⌊threshold/10⌋ ≤ 1,000; here ${fmt(BENCH_BURST_THRESHOLD)}: the bench source's)`,
    );
    row(
      `PutEvents calls per accepted event (${label})`,
      fmt(putEvents.count() / accepted, 2),
      'batches of ≤ 10 entries',
    );
    const cost = costPerMillion({
      httpRequests: 1 / size,
      lambdaInvocations: 1 / size + dispatch.invocations,
      lambdaGbSeconds: (ingestMemoryGb(vigil) * median(durations)) / 1000 / size + dispatch.gbSeconds,
      writeUnits: capacity.units() / accepted,
      readUnits: 0,
      busEvents: 1,
      logBytes:
        (logs.bytes() + rounds * METRICS_LINE_BYTES) / accepted +
        dispatch.logBytes +
        platformBytesPerInvocation(ingestLogging) / size +
        platformBytesPerInvocation(dispatchLogging) * dispatch.invocations,
      auditLogBytes: envelopeBytes() + BUS_EVENT_OVERHEAD_BYTES,
    });
    row(
      `cost per million accepted events in AWS, list prices (${label})`,
      `$${fmt(cost.total, 2)}`,
      `${describeCost(cost)}; dispatch invocations per event ${fmt(dispatch.invocations, 2)} (INFO events: the dispatch rule is narrowed to one subscription on CRITICAL alerts); Lambda's own log records: ${describePlatformLines(ingestLogging)}; model and prices: docs/scaling.md`,
    );
  }
  clients.dynamodb.destroy();
  clients.eventBridge.destroy();
}

/** The storage ceiling: raw conditional PutItem on the same DynamoDB Local, 32 concurrent, once warm. */
async function ceilingRow(vigil: RunningVigil): Promise<Ceiling> {
  const ceiling = await storageCeiling(vigil);
  row(
    'DynamoDB Local raw conditional PutItem (32 concurrent)',
    `${fmt(ceiling.rate)} op/s`,
    `the local storage ceiling: ${describePasses(ceiling, fmt(PASS_OPERATIONS))}; the first on the cold JVM`,
  );
  return ceiling;
}

/**
 * Warm rate over warm ceiling; in the note, first pass over first pass: both sides cold, how the
 * ratio was measured before 2026-11-27.
 */
function ratioRow(metric: string, rate: WarmRate, ceiling: Ceiling, note?: string): void {
  const cold = `first passes (cold): ${fmt((rate.firstPass / ceiling.firstPass) * 100, 1)} %`;
  row(metric, `${fmt((rate.rate / ceiling.rate) * 100, 1)} %`, note ? `${note}; ${cold}` : cold);
}

/** Fresh cold starts measured per function, one after another, besides those the groups before caused. */
const COLD_STARTS = 5;

/**
 * Bundle size (the code files, source maps left out) and the median Init of each function: the cold
 * starts the groups before caused plus COLD_STARTS fresh ones, so the group also runs alone.
 */
async function bundlesAndColdStarts(vigil: RunningVigil): Promise<void> {
  const stats = vigil.lambda.stats();
  for (const fn of vigil.topology.functions) {
    const size = readdirSync(fn.codeDir)
      .filter((file) => !file.endsWith('.map'))
      .reduce((sum, file) => sum + statSync(path.join(fn.codeDir, file)).size, 0);
    const inits = [...(stats[fn.name]?.initDurationsMs ?? [])];
    for (let i = 0; i < COLD_STARTS; i++) {
      const ms = await vigil.lambda.measureInit(fn.name);
      if (ms !== undefined) inits.push(ms);
    }
    const label = fn.name.replace('Vigil-', '').replace(/[0-9A-F]{8}$/, '');
    row(
      `${label}: bundle size / cold start (module init), median`,
      `${fmt(size / 1024)} KiB / ${inits.length ? `${fmt(median(inits))} ms` : 'n/a'}`,
      `${inits.length} cold start(s), ${COLD_STARTS} of them in fresh environments one after another`,
    );
  }
}

function patternSpeed(): void {
  const event = {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'temperature.high',
    source: 'vigil.ingest',
    account: '000000000000',
    time: '2026-11-23T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      id: '01J',
      source: 'plant7.press',
      type: 'temperature.high',
      severity: 'WARNING',
      signal: { valence: -0.4, state: [86.1, 85.7] },
      data: { line: 3, ip: '10.0.4.17' },
    },
  };
  const shapes = (i: number) => [
    { source: ['vigil.ingest'], detail: { severity: ['WARNING', 'CRITICAL'] } },
    { 'detail-type': [{ prefix: `state.${i}` }] },
    { detail: { source: [{ 'equals-ignore-case': `PLANT${i}.PRESS` }] } },
    { detail: { data: { line: [{ numeric: ['>', i, '<=', i + 10] }] } } },
    { detail: { data: { ip: [{ cidr: `10.0.${i}.0/24` }] } } },
    { detail: { type: [{ wildcard: `temperature.*${i}` }] } },
    { detail: { severity: [{ 'anything-but': ['INFO', `X${i}`] }], source: [{ suffix: '.press' }] } },
    { $or: [{ detail: { severity: ['CRITICAL'] } }, { detail: { data: { line: [i] } } }] },
    { detail: { alertKey: [{ exists: false }], module: [{ exists: false }] } },
    { source: ['vigil.replay'], detail: { replay: { replayId: [{ exists: true }] } } },
  ];
  const rules = Array.from({ length: 50 }, (_, i) => compilePattern(shapes(i)[i % 10]));
  const iterations = 20_000;
  const started = performance.now();
  let matched = 0;
  for (let n = 0; n < iterations; n++) for (const rule of rules) if (rule.matches(event)) matched++;
  const seconds = (performance.now() - started) / 1000;
  row(
    'pattern engine: matches/s (50 rules × typical event)',
    `${fmt((iterations * rules.length) / seconds)}`,
    `${fmt(iterations / seconds)} events/s against all 50; ${matched / iterations} rules match`,
  );
}

/** `npm start` from a fresh state folder to its ready line (cdk.out already fresh). */
function startTime(): Promise<number> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-start-'));
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // What `npm start` runs, in one process: npm and the tsx launcher do not pass SIGINT on when not on a terminal.
    const args = ['--import', 'tsx', 'lib/local/main.ts', '--port', '0', '--state-dir', stateDir, '--quiet'];
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stopping = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!stopping && out.includes('Vigil is running locally')) {
        stopping = true;
        const ms = performance.now() - started;
        child.kill('SIGINT');
        child.once('exit', () => {
          rmSync(stateDir, { recursive: true, force: true });
          resolve(ms);
        });
      }
    });
    child.on('error', reject);
    setTimeout(() => reject(new Error(`npm start not ready after 120 s:\n${out}`)), 120_000).unref();
  });
}

/** Ingest over HTTP against the storage ceiling, its latency to a rule target, and its cost per event. */
async function ingestBench(vigil: RunningVigil): Promise<void> {
  const ceiling = await ceilingRow(vigil);
  const { single, batched } = await ingestThroughput(vigil);
  ratioRow('ingest single / raw PutItem ceiling', single, ceiling);
  ratioRow(
    'ingest batched / raw PutItem ceiling',
    batched,
    ceiling,
    'each event costs 2 writes + its share of PutEvents and HTTP',
  );
  await endToEndLatency(vigil);
  await costPerEvent(vigil);
}

async function startRow(): Promise<void> {
  // The row times a start with cdk.out already fresh: synthesize first if the sources moved on.
  await ensureAssembly(PROJECT_ROOT, 'Vigil', { onOutput: () => {} });
  row(
    'npm start (tsx lib/local/main.ts) → ready, cdk.out fresh, empty data folder',
    `${fmt((await startTime()) / 1000, 1)} s`,
  );
}

interface Group {
  readonly name: string;
  /** Runs against the local runtime (started once for all the groups selected that need it). */
  readonly run: (vigil: RunningVigil) => Promise<void> | void;
  readonly alone?: false;
  /** Left out of a full run: only `--only <name>` (or its own flag) runs it. */
  readonly onRequest?: true;
}

interface LocalGroup {
  readonly name: string;
  readonly run: () => Promise<void> | void;
  readonly alone: true;
}

/** In the order of a full run; `functions` reads the cold starts the groups before it caused. */
const GROUPS: readonly (Group | LocalGroup)[] = [
  { name: 'ingest', run: ingestBench },
  { name: 'alerting', run: (vigil) => alertingBench(vigil, row) },
  { name: 'state', run: (vigil) => stateBench(vigil, row) },
  { name: 'replay', run: (vigil) => replayBench(vigil, row) },
  { name: 'functions', run: bundlesAndColdStarts },
  // After functions: it boots a runtime of its own and sends 10,000 requests, cold starts and all.
  { name: 'robustness', run: (vigil) => robustnessBench(vigil, row) },
  {
    name: 'pattern',
    run: () => {
      patternSpeed();
      patternMachineBench(row);
    },
    alone: true,
  },
  { name: 'start', run: startRow, alone: true },
  // Minutes long: only with --load (or --only load).
  { name: 'load', run: (vigil) => loadCurveBench(vigil, row), onRequest: true },
  { name: 'console', run: () => consoleBench(row), alone: true },
];

/**
 * `--only <prefix>` selects the groups whose name starts with it (several: `--only alerting,replay`);
 * `--fuzz` is `--only robustness`, `--load` is `--only load` (the load curve, not part of a full run).
 */
function selectedGroups(argv: readonly string[]): { groups: (Group | LocalGroup)[]; partial: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    options: { only: { type: 'string' }, fuzz: { type: 'boolean' }, load: { type: 'boolean' } },
  });
  const only = values.load ? 'load' : values.fuzz ? 'robustness' : values.only;
  if (only === undefined)
    return { groups: GROUPS.filter((group) => !('onRequest' in group)), partial: false };
  const prefixes = only.split(',').filter(Boolean);
  for (const prefix of prefixes)
    if (!GROUPS.some((group) => group.name.startsWith(prefix)))
      throw new Error(
        `--only ${prefix}: no benchmark group starts with it; groups: ${GROUPS.map((g) => g.name).join(', ')}`,
      );
  return { groups: GROUPS.filter((group) => prefixes.some((p) => group.name.startsWith(p))), partial: true };
}

async function main(): Promise<void> {
  const { groups, partial } = selectedGroups(process.argv.slice(2));
  const withRuntime = groups.filter((group): group is Group => !group.alone);
  if (withRuntime.length > 0) {
    const stateDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-'));
    console.log('starting the local runtime (the e2e app: Vigil plus probe rule targets)…');
    const vigil = await startE2eRuntime(stateDir, {
      assembly: BENCH_ASSEMBLY,
      functionLog: functionLogs.line,
    });
    const receiver = await benchSubscriptions(vigil);
    try {
      for (const group of withRuntime) await group.run(vigil);
    } finally {
      await receiver.close();
      await vigil.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  }
  for (const group of groups) if (group.alone) await group.run();
  const file = path.join(PROJECT_ROOT, 'BENCHMARKS.md');
  const now = new Date().toISOString();
  if (!partial) {
    writeReport(file, rows, READING, { date: now, reruns: new Map() });
    return;
  }
  const previous = previousReport(file);
  const names = groups.map((group) => group.name);
  const reruns = new Map(previous.reruns);
  for (const name of names) reruns.set(name, now);
  writeReport(file, mergeRows(previous.rows, rows, names), READING, {
    date: previous.date ?? 'none yet (only partial runs)',
    reruns,
  });
}

await main();
