import { rmSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoProducerKeyStore } from '../aws/producer-key-store.ts';
import { type LocalApiServer, startLocalApi } from './api-gateway/server.ts';
import { consoleHandler, findConsoleAsset } from './console/serve.ts';
import { describeUnsupported, SDK_WARNING_SWITCH } from './console-filter.ts';
import {
  type DynamoDbLocal,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startDynamoDbLocal,
} from './dynamodb-server.ts';
import { LocalEventBus } from './eventbridge/bus.ts';
import { DeadLetterStore } from './eventbridge/dead-letters.ts';
import { type DeliveryLog, TargetDelivery } from './eventbridge/delivery.ts';
import type { BusEvent } from './eventbridge/input.ts';
import { LocalScheduler, type ScheduleFired } from './eventbridge/scheduler.ts';
import { type LocalEventBridgeServer, startLocalEventBridge } from './eventbridge/server.ts';
import { requireJava } from './java.ts';
import {
  type AsyncInvocationLog,
  AsyncInvocations,
  LAMBDA_ASYNC_RETRY_DELAYS_MS,
} from './lambda/async-invocations.ts';
import { type LocalLambdaApiServer, startLocalLambdaApi } from './lambda/invoke-server.ts';
import { LocalLambdaRuntime } from './lambda/runtime.ts';
import {
  LOCAL_CONFIG_FILE,
  type LocalConfig,
  localConfigSchema,
  newAdminCredentials,
  RUNTIME_INFO_FILE,
  type RuntimeInfo,
  readJsonFile,
  writeJsonFile,
} from './local-config.ts';
import type { SqsBroker } from './sqs/broker.ts';
import { startQueues } from './sqs/runtime-queues.ts';
import { type AssemblyOptions, ensureAssembly } from './template/assembly.ts';
import { loadTopology } from './template/load-topology.ts';
import { ensureTables } from './template-tables.ts';
import type { Topology } from './topology.ts';
import { TtlSweeper } from './ttl-sweeper.ts';

export const LOCAL_ACCOUNT_ID = '000000000000';
/** Logical-id prefix of the producer keys table (construct path ProducerAuth/ProducerKeys). */
const PRODUCER_KEYS_TABLE = /^ProducerAuthProducerKeys/;
const LOCAL_PRODUCER = 'local';
const LOCAL_PRODUCER_SOURCES = ['*'];
/** The local runtime's own key may drive every module, commands included. */
const LOCAL_PRODUCER_MODULES = ['*'];

export interface StartOptions {
  readonly projectRoot: string;
  /** @default 'Vigil' */
  readonly stackName?: string;
  /** API port; 0 = any free port. @default 3000 */
  readonly port?: number;
  /** Folder for data, logs and the local config. @default `<projectRoot>/.vigil` */
  readonly stateDir?: string;
  /** Wipe the DynamoDB data and dead letters first. */
  readonly fresh?: boolean;
  /** Keep DynamoDB data in memory only (tests). */
  readonly inMemory?: boolean;
  readonly forceSynth?: boolean;
  /** Synthesize another app or into another folder (tests add probe resources this way). */
  readonly assembly?: Pick<AssemblyOptions, 'app' | 'outdir' | 'extraInputs'>;
  /** First retry delay of rule targets. @default 1000 */
  readonly retryBaseMs?: number;
  /**
   * Run scheduled rules on their timers. Off, they fire only through `fireSchedule` (tests).
   * @default true
   */
  readonly scheduleTimers?: boolean;
  /**
   * Wait before the first retry of a failed `Event` invocation; the second waits twice as long.
   * @default 60_000 (Lambda's 1 minute, then 2)
   */
  readonly asyncRetryDelayMs?: number;
  /** @default 15_000 */
  readonly ttlSweepIntervalMs?: number;
  /** Runtime and handler output, one line at a time. @default console.log */
  readonly log?: (line: string) => void;
  /** Name each template resource that is not run locally, instead of one line per type. */
  readonly listUnsupported?: boolean;
  /** Handler log lines (already tagged with function and request id). @default log */
  readonly functionLog?: (line: string) => void;
}

export interface RunningVigil {
  readonly config: LocalConfig;
  readonly info: RuntimeInfo;
  readonly topology: Topology;
  readonly lambda: LocalLambdaRuntime;
  readonly bus: LocalEventBus;
  readonly delivery: TargetDelivery;
  readonly scheduler: LocalScheduler;
  /** `Event` invocations made through the Lambda endpoint. */
  readonly asyncInvocations: AsyncInvocations;
  /** The template's SQS queues (`AWS_ENDPOINT_URL_SQS` of the functions). */
  readonly sqs: SqsBroker;
  /**
   * Fires a scheduled rule now (rule name, logical id or ARN): its targets get a Scheduled Event.
   * Throws `ScheduleNotFoundError` or, for a disabled rule, `ScheduleDisabledError`.
   */
  fireSchedule(ruleRef: string): BusEvent;
  readonly startedInMs: number;
  /** The DynamoDB Local child process, for checks that nothing outlives `stop()`. */
  readonly dynamodbPid: number;
  stop(): Promise<void>;
}

/** `Vigil-IngestFunction7FD6BA1A` → `IngestFunction`: the construct path without CDK's hash. */
function shortName(functionName: string, stackName: string): string {
  return functionName.replace(`${stackName}-`, '').replace(/[0-9A-F]{8}$/, '');
}

function describeDelivery(line: DeliveryLog): string {
  const where = `${line.ruleName}/${line.targetId}`;
  switch (line.outcome) {
    case 'delivered':
      return `[bus] ${line.eventId} → ${where}${line.attempt > 0 ? ` after ${line.attempt} retries` : ''}`;
    case 'retrying':
      return `[bus] ${line.eventId} → ${where} failed (attempt ${line.attempt + 1}): ${line.error}; retrying`;
    case 'dead-lettered':
      return `[bus] ${line.eventId} → ${where} dead-lettered after ${line.attempt} retries: ${line.error}`;
    case 'dropped':
      return `[bus] ${line.eventId} → ${where} dropped (no dead-letter queue): ${line.error}`;
  }
}

function describeFire({ rule, event, trigger }: ScheduleFired): string {
  return `[schedule] ${rule.name} fired${trigger === 'manual' ? ' by hand' : ''}: ${event.id} at ${event.time}`;
}

function describeAsync(line: AsyncInvocationLog, stackName: string): string {
  const where = `${shortName(line.functionRef.split(':')[6] ?? line.functionRef, stackName)} ${line.requestId.slice(0, 8)}`;
  return line.outcome === 'retrying'
    ? `[lambda] async ${where} failed (attempt ${line.attempt + 1}): ${line.error}; retrying`
    : `[lambda] async ${where} dropped after ${line.attempt} retries: ${line.error}`;
}

/**
 * Brings the synthesized stack up on this machine: DynamoDB Local with the template's tables and
 * TTL emulation, the local EventBridge with the template's rules, every function's bundle in the
 * local Lambda runtime, and the HTTP API on 127.0.0.1. Returns once it all answers.
 */
export async function startVigil(options: StartOptions): Promise<RunningVigil> {
  const started = Date.now();
  const log = options.log ?? ((line: string) => console.log(line));
  const stackName = options.stackName ?? 'Vigil';
  const stateDir = options.stateDir ?? path.join(options.projectRoot, '.vigil');
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((error: unknown) => log(`[vigil] stop failed: ${String(error)}`));
  };

  try {
    requireJava();
    if (options.fresh) {
      rmSync(path.join(stateDir, 'dynamodb'), { recursive: true, force: true });
      rmSync(path.join(stateDir, 'dead-letters.json'), { force: true });
    }
    const assembly = await ensureAssembly(options.projectRoot, stackName, {
      ...options.assembly,
      ...(options.forceSynth ? { force: true } : {}),
      onOutput: (line) => log(`[synth] ${line}`),
    });
    // Queue URLs carry the SQS endpoint's origin (the SDK sends to a QueueUrl's host): listen first.
    const queues = await startQueues({ log });
    stops.push(() => queues.close());
    const topology = loadTopology(assembly.template, {
      stackName,
      assemblyDir: assembly.assemblyDir,
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT_ID,
      sqsEndpoint: queues.endpoint,
    });
    for (const queue of topology.queues) queues.broker.add(queue);
    for (const line of describeUnsupported(topology.unsupported, options.listUnsupported ?? false)) log(line);

    const dynamodb: DynamoDbLocal = await startDynamoDbLocal({
      ...(options.inMemory ? {} : { dataDir: path.join(stateDir, 'dynamodb') }),
      onWarning: (message) => log(`[dynamodb] WARNING: ${message}`),
    });
    if (dynamodb.loopbackOnly) log(`[dynamodb] DynamoDB Local on ${dynamodb.endpoint} (loopback only)`);
    stops.push(() => dynamodb.stop());
    const client = new DynamoDBClient({
      endpoint: dynamodb.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    stops.push(async () => client.destroy());
    await ensureTables(client, topology.tables);
    const sweeper = new TtlSweeper({
      client,
      tables: topology.tables,
      ...(options.ttlSweepIntervalMs ? { intervalMs: options.ttlSweepIntervalMs } : {}),
      onSweep: (table, deleted) => log(`[dynamodb] TTL removed ${deleted} expired item(s) from ${table}`),
    });
    sweeper.start();
    stops.push(() => sweeper.stop());

    const deadLetters = new DeadLetterStore(
      options.inMemory ? undefined : path.join(stateDir, 'dead-letters.json'),
    );
    let lambda: LocalLambdaRuntime | undefined;
    const delivery = new TargetDelivery({
      invoker: { invoke: (ref, event) => (lambda as LocalLambdaRuntime).invoke(ref, event) },
      deadLetters,
      outputDir: stateDir,
      queues: queues.broker,
      ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
      onEvent: (line) => log(describeDelivery(line)),
    });
    stops.push(async () => delivery.close());
    const scheduler = new LocalScheduler({
      rules: topology.rules,
      region: topology.region,
      accountId: topology.accountId,
      delivery,
      onFire: (fired) => log(describeFire(fired)),
    });
    const bus = new LocalEventBus({
      buses: topology.buses,
      rules: topology.rules,
      region: topology.region,
      accountId: topology.accountId,
      delivery,
      deadLetters,
      scheduler,
    });
    const eventBridge: LocalEventBridgeServer = await startLocalEventBridge(bus);
    stops.push(() => eventBridge.close());

    const asyncRetryDelayMs = options.asyncRetryDelayMs ?? (LAMBDA_ASYNC_RETRY_DELAYS_MS[0] as number);
    const asyncInvocations = new AsyncInvocations({
      target: { invoke: (ref, event, invoke) => (lambda as LocalLambdaRuntime).invoke(ref, event, invoke) },
      retryDelaysMs: [asyncRetryDelayMs, 2 * asyncRetryDelayMs],
      onEvent: (line) => {
        if (line.outcome !== 'succeeded') log(describeAsync(line, stackName));
      },
    });
    const lambdaApi: LocalLambdaApiServer = await startLocalLambdaApi({
      functions: {
        resolve: (ref) => (lambda as LocalLambdaRuntime).resolve(ref),
        invoke: (ref, event, invoke) => (lambda as LocalLambdaRuntime).invoke(ref, event, invoke),
      },
      asyncInvocations,
      region: topology.region,
      accountId: topology.accountId,
    });
    stops.push(() => lambdaApi.close());

    lambda = new LocalLambdaRuntime({
      functions: topology.functions,
      baseEnvironment: {
        AWS_REGION: LOCAL_REGION,
        AWS_DEFAULT_REGION: LOCAL_REGION,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
        AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge.endpoint,
        AWS_ENDPOINT_URL_LAMBDA: lambdaApi.endpoint,
        AWS_ENDPOINT_URL_SQS: queues.endpoint,
        // Embedded metrics are CloudWatch's business; locally they would only flood the console.
        POWERTOOLS_METRICS_DISABLED: 'true',
        // The SDK's Node-version warning, once per worker, would flood the console; npm start says it once.
        ...SDK_WARNING_SWITCH,
      },
      onLog: (name, requestId, line) => {
        if (!line.trim()) return;
        (options.functionLog ?? log)(
          `[${shortName(name, stackName)}${requestId ? ` ${requestId.slice(0, 8)}` : ''}] ${line}`,
        );
      },
    });
    const lambdaRuntime = lambda;
    stops.push(() => lambdaRuntime.close());
    // Stopped before the runtime: waiting retries are dropped, not run against closed workers.
    stops.push(async () => asyncInvocations.close());

    const previous = readJsonFile(path.join(stateDir, LOCAL_CONFIG_FILE), localConfigSchema);
    const admin = previous?.admin ?? newAdminCredentials(LOCAL_REGION);
    const [api, ...otherApis] = topology.apis;
    if (!api) throw new Error('the template has no HTTP API');
    for (const other of otherApis)
      log(`[vigil] not run locally: API ${other.name} (only the first HTTP API is served)`);
    const server: LocalApiServer = await startLocalApi({
      api,
      invoker: lambdaRuntime,
      port: options.port ?? 3000,
      credentials: admin,
      accountId: LOCAL_ACCOUNT_ID,
      ...consoleOption(findConsoleAsset(assembly.template, assembly.assemblyDir), admin),
    });
    stops.push(() => server.close());

    const keysTable = topology.tables.find((t) => PRODUCER_KEYS_TABLE.test(t.logicalId));
    const producerKey = keysTable ? await localProducerKey(client, keysTable.name, previous) : '';
    const config: LocalConfig = {
      endpoint: server.url,
      producerKey,
      producerSources: LOCAL_PRODUCER_SOURCES,
      admin,
    };
    const info: RuntimeInfo = {
      pid: process.pid,
      dynamodbEndpoint: dynamodb.endpoint,
      eventBridgeEndpoint: eventBridge.endpoint,
      lambdaEndpoint: lambdaApi.endpoint,
      sqsEndpoint: queues.endpoint,
      queues: Object.fromEntries(topology.queues.map((q) => [q.logicalId, q.url])),
      tables: Object.fromEntries(topology.tables.map((t) => [t.logicalId, t.name])),
      functions: Object.fromEntries(topology.functions.map((fn) => [fn.logicalId, fn.name])),
      ...(keysTable ? { producerKeysTable: keysTable.name } : {}),
      ...(topology.buses[0] ? { busName: topology.buses[0].name } : {}),
    };
    writeJsonFile(path.join(stateDir, LOCAL_CONFIG_FILE), config);
    writeJsonFile(path.join(stateDir, RUNTIME_INFO_FILE), info);
    stops.push(async () => rmSync(path.join(stateDir, RUNTIME_INFO_FILE), { force: true }));
    // Timers and pollers start last, once every target can run; they stop first.
    if (options.scheduleTimers !== false) scheduler.start();
    stops.push(async () => scheduler.stop());
    const mappings = queues.startMappings(topology, lambdaRuntime);
    stops.push(() => mappings.stop());
    for (const schedule of scheduler.schedules())
      log(
        `[schedule] ${schedule.ruleName}: ${schedule.scheduleExpression}${schedule.enabled ? '' : ' (DISABLED)'}${schedule.nextFireAt ? `, next at ${schedule.nextFireAt}` : ''}`,
      );

    let stopped: Promise<void> | undefined;
    return {
      config,
      info,
      topology,
      lambda: lambdaRuntime,
      bus,
      delivery,
      scheduler,
      asyncInvocations,
      sqs: queues.broker,
      fireSchedule: (ruleRef) => scheduler.fire(ruleRef),
      startedInMs: Date.now() - started,
      dynamodbPid: dynamodb.pid,
      stop: () => {
        stopped ??= stopAll();
        return stopped;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Serves the console's deployment asset at /console, signed with the local admin keys. */
function consoleOption(dir: string | undefined, admin: LocalConfig['admin']) {
  return dir ? { serveOther: consoleHandler(dir, () => admin) } : {};
}

/** The local producer key: the one from the last run if the (kept) table still knows it, else a new one. */
async function localProducerKey(
  client: DynamoDBClient,
  tableName: string,
  previous: LocalConfig | undefined,
): Promise<string> {
  const store = new DynamoProducerKeyStore({ tableName, client });
  if (previous?.producerKey && (await store.lookup(previous.producerKey))) return previous.producerKey;
  const { key } = await store.create({
    producer: LOCAL_PRODUCER,
    sources: LOCAL_PRODUCER_SOURCES,
    modules: LOCAL_PRODUCER_MODULES,
    commands: true,
  });
  return key;
}
