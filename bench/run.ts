import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { createIngestPipeline } from '../lib/aws/ingest-deps.ts';
import { ingestEnvSchema, loadEnv } from '../lib/core/config.ts';
import { compilePattern } from '../lib/core/pattern.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../lib/local/dynamodb-server.ts';
import type { RunningVigil } from '../lib/local/runtime.ts';
import { ensureAssembly } from '../lib/local/template/assembly.ts';
import { PROJECT_ROOT, startE2eRuntime } from '../test/e2e/support/assembly.ts';
import { alertingBench } from './alerting.ts';
import { countCapacity, countRequests } from './capacity.ts';
import { costPerMillion, describeCost } from './cost-model.ts';
import { localClients, tableOf } from './local.ts';
import { patternMachineBench } from './pattern-machine.ts';
import { replayBench } from './replay.ts';
import { robustnessBench } from './robustness.ts';
import { stateBench } from './state.ts';
import { fmt, median, percentile, runConcurrently } from './stats.ts';

const SOURCE = 'bench.load';
const rows: [string, string, string][] = [];
const row = (metric: string, value: string, note = '') => {
  rows.push([metric, value, note]);
  console.log(`${metric.padEnd(58)} ${value.padStart(14)}  ${note}`);
};

async function post(vigil: RunningVigil, body: unknown): Promise<number> {
  const response = await fetch(`${vigil.config.endpoint}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${vigil.config.producerKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Ingest over HTTP: single-event and 100-event requests, all accepted (no burst threshold for the bench source). */
async function ingestThroughput(vigil: RunningVigil): Promise<{ single: number; batched: number }> {
  const event = (i: number) => ({
    source: SOURCE,
    type: `load.t${i % 10}`,
    message: 'bench',
    signal: { valence: 0.1, state: [i, i + 1] },
  });
  for (let i = 0; i < 50; i++) await post(vigil, event(i)); // warm the environments
  const singles = 1_000;
  const singleMs = await runConcurrently(singles, 16, async (i) => {
    if ((await post(vigil, event(i))) !== 202) throw new Error('single event not accepted');
  });
  const batches = 30;
  const batchedMs = await runConcurrently(batches, 4, async (b) => {
    const status = await post(vigil, { events: Array.from({ length: 100 }, (_, i) => event(b * 100 + i)) });
    if (status !== 202) throw new Error(`batch answered ${status}`);
  });
  const single = singles / (singleMs / 1000);
  const batched = (batches * 100) / (batchedMs / 1000);
  row('ingest, single-event requests (16 concurrent)', `${fmt(single)} ev/s`, `${singles} events`);
  row('ingest, 100-event batches (4 concurrent)', `${fmt(batched)} ev/s`, `${batches * 100} events`);
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
    await post(vigil, { id, source: 'e2e.latency', type: `latency.${i}` });
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

/** The pipeline in-process on the runtime's DynamoDB and EventBridge, counting write units and PutEvents calls. */
/** Bytes Powertools Logger adds to each line (level, timestamp, service, function name/ARN/memory, request id, X-Ray id, cold start). */
const POWERTOOLS_LINE_OVERHEAD_BYTES = 350;
/** The fields EventBridge wraps around `detail` in the audit rule's CloudWatch Logs line. */
const BUS_EVENT_OVERHEAD_BYTES = 250;
const INGEST_MEMORY_GB = 0.5;

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

async function costPerEvent(vigil: RunningVigil): Promise<void> {
  const { dynamodb, eventBridge } = localClients(vigil);
  const capacity = countCapacity(dynamodb);
  const putEvents = countRequests(eventBridge);
  const logs = byteCountingLog();
  const env = loadEnv(ingestEnvSchema, {
    HISTORY_TABLE_NAME: tableOf(vigil, 'EventStoreHistory'),
    DEDUP_TABLE_NAME: tableOf(vigil, 'EventStoreDedup'),
    EVENT_BUS_NAME: vigil.info.busName,
    BURST_OVERRIDES: JSON.stringify([{ source: SOURCE, threshold: 1e9, windowSeconds: 60 }]),
  });
  const pipeline = createIngestPipeline({
    env,
    log: logs.log,
    counters: { add() {} },
    dynamodb,
    eventBridge,
  });
  const identity = { producer: 'bench', sources: ['*'] };
  const event = {
    source: SOURCE,
    type: 'cost.t',
    message: 'bench',
    signal: { valence: 0.2, state: [21.5, 22.1] },
  };
  for (const [label, size, rounds] of [
    ['single events', 1, 200],
    ['100-event batches', 100, 10],
  ] as const) {
    capacity.reset();
    putEvents.reset();
    logs.reset();
    let accepted = 0;
    const durations: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const started = performance.now();
      const results = await pipeline.ingest(
        Array.from({ length: size }, () => event),
        identity,
      );
      durations.push(performance.now() - started);
      accepted += results.filter((x) => x.status === 'accepted').length;
    }
    row(
      `DynamoDB write units per accepted event (${label})`,
      fmt(capacity.units() / accepted, 2),
      'ReturnConsumedCapacity: claim + history + burst counter',
    );
    row(
      `PutEvents calls per accepted event (${label})`,
      fmt(putEvents.count() / accepted, 2),
      'batches of ≤ 10 entries',
    );
    const envelopeBytes = Buffer.byteLength(
      JSON.stringify({
        ...event,
        id: ulid(),
        time: new Date().toISOString(),
        receivedAt: new Date().toISOString(),
        severity: 'INFO',
      }),
    );
    const cost = costPerMillion({
      httpRequests: 1 / size,
      lambdaInvocations: 1 / size,
      lambdaGbSeconds: (INGEST_MEMORY_GB * median(durations)) / 1000 / size,
      writeUnits: capacity.units() / accepted,
      readUnits: 0,
      busEvents: 1,
      logBytes: logs.bytes() / accepted + envelopeBytes + BUS_EVENT_OVERHEAD_BYTES,
    });
    row(
      `cost per million accepted events in AWS, list prices (${label})`,
      `$${fmt(cost.total, 2)}`,
      `${describeCost(cost)}; model and prices: docs/scaling.md`,
    );
  }
  dynamodb.destroy();
  eventBridge.destroy();
}

/** The storage ceiling: raw conditional PutItem on the same DynamoDB Local, 32 concurrent. */
async function rawPutItemRate(vigil: RunningVigil): Promise<number> {
  const client = new DynamoDBClient({
    endpoint: vigil.info.dynamodbEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const table = tableOf(vigil, 'EventStoreDedup');
  const count = 2_000;
  const ms = await runConcurrently(count, 32, async (i) => {
    try {
      await client.send(
        new PutItemCommand({
          TableName: table,
          Item: {
            pk: { S: `bench#raw#${i}#${ulid()}` },
            expiresAt: { N: String(Math.floor(Date.now() / 1000) + 600) },
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  });
  client.destroy();
  const rate = count / (ms / 1000);
  row(
    'DynamoDB Local raw conditional PutItem (32 concurrent)',
    `${fmt(rate)} op/s`,
    'the local storage ceiling',
  );
  return rate;
}

function bundlesAndColdStarts(vigil: RunningVigil): void {
  const stats = vigil.lambda.stats();
  for (const fn of vigil.topology.functions) {
    const size = readdirSync(fn.codeDir)
      .filter((file) => !file.endsWith('.map'))
      .reduce((sum, file) => sum + statSync(path.join(fn.codeDir, file)).size, 0);
    const inits = stats[fn.name]?.initDurationsMs ?? [];
    const label = fn.name.replace('Vigil-', '').replace(/[0-9A-F]{8}$/, '');
    row(
      `${label}: bundle size / cold start (module init), median`,
      `${fmt(size / 1024)} KiB / ${inits.length ? `${fmt(median(inits))} ms` : 'n/a'}`,
      `${inits.length} cold start(s)`,
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

/**
 * `--only <prefix>` runs just the groups whose name starts with the prefix (ingest, latency, cost,
 * alerting, state, replay, robustness, bundles, pattern, start) and merges their rows into the
 * BENCHMARKS.md a full run wrote, with a `re-run` line naming them. `--fuzz` is `--only robustness`.
 */
function readOnly(args: readonly string[]): string | undefined {
  if (args.includes('--fuzz')) return 'robustness';
  const index = args.indexOf('--only');
  if (index === -1) return undefined;
  const prefix = args[index + 1];
  if (prefix === undefined || prefix.startsWith('--')) throw new Error('--only needs a group name prefix');
  return prefix;
}

interface PreviousReport {
  readonly rows: [string, string, string][];
  /** The `- date:` line of the full run, and any `- re-run:` and `- †` notes since. */
  readonly dates: string[];
}

/** The rows of the BENCHMARKS.md a full run wrote, so that a partial run replaces only its own. */
function previousRows(): PreviousReport {
  const file = path.join(PROJECT_ROOT, 'BENCHMARKS.md');
  if (!existsSync(file)) return { rows: [], dates: [] };
  const lines = readFileSync(file, 'utf8').split('\n');
  return {
    rows: lines
      .filter((line) => line.startsWith('| ') && !line.startsWith('| metric |') && !line.startsWith('|---'))
      .map((line) => line.slice(2, -2).split(' | ') as [string, string, string]),
    dates: lines.filter((line) => ['- date:', '- re-run:', '- †'].some((prefix) => line.startsWith(prefix))),
  };
}

const RUNTIME_GROUPS = ['ingest', 'latency', 'cost', 'alerting', 'state', 'replay', 'robustness', 'bundles'];

async function runtimeGroups(selected: (group: string) => boolean): Promise<void> {
  if (!RUNTIME_GROUPS.some(selected)) return;
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-'));
  console.log('starting the local runtime (the e2e app: Vigil plus a probe rule target)…');
  const vigil = await startE2eRuntime(stateDir);
  try {
    if (selected('ingest')) {
      const ceiling = await rawPutItemRate(vigil);
      const { single, batched } = await ingestThroughput(vigil);
      row('ingest single / raw PutItem ceiling', `${fmt((single / ceiling) * 100, 1)} %`);
      row(
        'ingest batched / raw PutItem ceiling',
        `${fmt((batched / ceiling) * 100, 1)} %`,
        'each event costs 2 writes + its share of PutEvents and HTTP',
      );
    }
    if (selected('latency')) await endToEndLatency(vigil);
    if (selected('cost')) await costPerEvent(vigil);
    if (selected('alerting')) await alertingBench(vigil, row);
    if (selected('state')) await stateBench(vigil, row);
    if (selected('replay')) await replayBench(vigil, row);
    if (selected('robustness')) await robustnessBench(vigil, row);
    if (selected('bundles')) bundlesAndColdStarts(vigil);
  } finally {
    await vigil.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const only = readOnly(process.argv.slice(2));
  const selected = (group: string) => only === undefined || group.startsWith(only);
  await runtimeGroups(selected);
  if (selected('pattern')) {
    patternSpeed();
    patternMachineBench(row);
  }
  if (selected('start')) {
    // The row times a start with cdk.out already fresh: synthesize first if the sources moved on.
    await ensureAssembly(PROJECT_ROOT, 'Vigil', { onOutput: () => {} });
    row(
      'npm start (tsx lib/local/main.ts) → ready, cdk.out fresh, empty data folder',
      `${fmt((await startTime()) / 1000, 1)} s`,
    );
  }
  if (only === undefined) writeReport();
  else writeReport(previousRows(), only);
}

function writeReport(previous?: PreviousReport, group?: string): void {
  const fresh = new Set(rows.map(([metric]) => metric));
  const all = [...(previous?.rows ?? []).filter(([metric]) => !fresh.has(metric)), ...rows];
  const dates = previous
    ? [...previous.dates, `- re-run: ${new Date().toISOString()}, only the ${group} rows`]
    : [`- date: ${new Date().toISOString()}`];
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts); every number below comes from one run on one machine,',
    'against the local runtime (DynamoDB Local, the local EventBridge, the Lambda bundles CDK built,',
    'the local HTTP API). Shared, noisy machines: compare ratios from the same run, not absolute numbers',
    'across runs. Medians and p99 are over the samples named.',
    '',
    ...dates,
    `- machine: ${os.cpus().length} × ${cpu}, ${fmt(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`,
    '',
    '| metric | value | note |',
    '|---|---:|---|',
    ...all.map(([metric, value, note]) => `| ${metric} | ${value} | ${note} |`),
    '',
    '## Reading these numbers',
    '',
    '- DynamoDB Local is the bottleneck on this machine: every accepted event needs a conditional claim',
    '  and a history write, so ingest is compared with the raw conditional-PutItem rate of the same',
    '  server measured in the same run. Batches write history with BatchWriteItem and update each burst',
    '  counter once, which is why they pass the single-PutItem ceiling.',
    '- Write units: single events cost 3 (claim, history, and their own burst-counter update); in a batch',
    '  the counter update is shared, leaving the designed 2 per event (docs/architecture.md).',
    '- In AWS none of this is the limit: see the 10,000 events/s arithmetic in docs/architecture.md.',
    '- Module state (issue 12): the reorder window now defaults to 0, so no invocation waits, and an',
    '  event whose module has nothing waiting takes the direct path: one query (state + is the inbox',
    '  empty) and one transaction (state, log line, marker), 6 WCU in AWS; the inbox is for contention',
    '  and windowed deployments. Before (2 s window, every event through the inbox): normal-event p99',
    '  2,108 ms, 2.0 tr/s over 100 modules through the function (environments ÷ window), 6 requests and',
    "  12 WCU + 3 reads per transition. Sent concurrently, one module's events apply in arrival order",
    '  (refusals in the one-module row). The in-process rows show the storage-bound rate: one module is',
    '  serial by design, concurrency only adds conflicts (docs/state-machines.md).',
    '- Robustness (`npm run bench -- --fuzz` re-runs just these): 10,000 generated requests to',
    '  `POST /events` and every admin route (malformed JSON, random bytes, deep nesting, huge strings,',
    '  hostile numbers and keys, oversized and duplicate-laden batches, junk paths, queries and cursors),',
    '  each answered 2xx or a 4xx of at most 2 KB, never a 5xx. Then a second runtime ingests while its',
    '  DynamoDB Local is stopped and restarted: the producer retries what it is told to retry; every',
    '  accepted event must end once in history and on the bus (the audit log), none lost.',
    '',
  ];
  writeFileSync(path.join(PROJECT_ROOT, 'BENCHMARKS.md'), lines.join('\n'));
  console.log('\nwritten to BENCHMARKS.md');
}

await main();
