import { rmSync } from 'node:fs';
import path from 'node:path';
import { type LocalApiServer, startLocalApi } from './api-gateway/server.ts';
import { consoleHandler, findConsoleAsset } from './console/serve.ts';
import { describeUnsupported } from './console-filter.ts';
import type { LocalEventBus } from './eventbridge/bus.ts';
import type { TargetDelivery } from './eventbridge/delivery.ts';
import type { BusEvent } from './eventbridge/input.ts';
import type { LocalScheduler } from './eventbridge/scheduler.ts';
import { requireJava } from './java.ts';
import type { AsyncInvocations } from './lambda/async-invocations.ts';
import type { LocalLambdaRuntime } from './lambda/lambda-runtime.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './local-account.ts';
import { type LocalConfig, newAdminCredentials, type RuntimeInfo } from './local-config.ts';
import type { SqsBroker } from './sqs/broker.ts';
import { type RunningQueues, startQueues } from './sqs/runtime-queues.ts';
import { startData } from './start/data.ts';
import { startEvents } from './start/events.ts';
import { startFunctions } from './start/functions.ts';
import { LateFunctions } from './start/late-functions.ts';
import { describeSchedule } from './start/lines.ts';
import type { StartOptions } from './start/options.ts';
import { StartStage } from './start/stage.ts';
import { previousConfig, writeStateFiles } from './start/state-files.ts';
import { ensureAssembly } from './template/assembly.ts';
import { loadTopology } from './template/load-topology.ts';
import type { Invoker, LocalApi, Topology } from './topology.ts';

export type { StartOptions } from './start/options.ts';

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

/** Stage 1: Java is there, the state is wiped if asked, and the stack is synthesized (or reused). */
async function prepare(stage: StartStage) {
  const { options, stateDir, log } = stage;
  requireJava();
  if (options.fresh) {
    rmSync(path.join(stateDir, 'dynamodb'), { recursive: true, force: true });
    rmSync(path.join(stateDir, 'dead-letters.json'), { force: true });
  }
  return ensureAssembly(options.projectRoot, stage.stackName, {
    ...options.assembly,
    ...(options.forceSynth ? { force: true } : {}),
    onOutput: (line) => log(`[synth] ${line}`),
  });
}

/**
 * Stage 2: the SQS endpoint, then the topology read from the template: queue URLs carry the
 * endpoint's origin (the SDK sends to a QueueUrl's host), so it listens first.
 */
async function loadResources(
  stage: StartStage,
  assembly: Awaited<ReturnType<typeof prepare>>,
): Promise<{ queues: RunningQueues; topology: Topology }> {
  const queues = await startQueues({ log: stage.log });
  stage.onStop(() => queues.close());
  const topology = loadTopology(assembly.template, {
    stackName: stage.stackName,
    assemblyDir: assembly.assemblyDir,
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    sqsEndpoint: queues.endpoint,
  });
  for (const queue of topology.queues) queues.broker.add(queue);
  for (const line of describeUnsupported(topology.unsupported, stage.options.listUnsupported ?? false))
    stage.log(line);
  return { queues, topology };
}

/** The HTTP API the template declares (the first; others are not served). */
function servedApi(stage: StartStage, topology: Topology): LocalApi {
  const [api, ...otherApis] = topology.apis;
  if (!api) throw new Error('the template has no HTTP API');
  for (const other of otherApis)
    stage.log(`[vigil] not run locally: API ${other.name} (only the first HTTP API is served)`);
  return api;
}

/**
 * Stage: the HTTP API on loopback, its admin routes signed with the kept (or new) admin credentials,
 * and the console's deployment asset (when the template has one) at /console, signed with the same.
 */
async function startApi(
  stage: StartStage,
  api: LocalApi,
  invoker: Invoker,
  admin: LocalConfig['admin'],
  consoleDir: string | undefined,
): Promise<LocalApiServer> {
  const server = await startLocalApi({
    api,
    invoker,
    port: stage.options.port ?? 3000,
    credentials: admin,
    accountId: LOCAL_ACCOUNT_ID,
    ...(consoleDir ? { serveOther: consoleHandler(consoleDir, () => admin) } : {}),
  });
  stage.onStop(() => server.close());
  return server;
}

/** Last stage: timers and pollers start once every target can run; they stop first. */
function startTimers(
  stage: StartStage,
  scheduler: LocalScheduler,
  queues: RunningQueues,
  topology: Topology,
  lambda: LocalLambdaRuntime,
) {
  if (stage.options.scheduleTimers !== false) scheduler.start();
  stage.onStop(() => scheduler.stop());
  const mappings = queues.startMappings(topology, lambda);
  stage.onStop(() => mappings.stop());
  for (const schedule of scheduler.schedules()) stage.log(describeSchedule(schedule));
}

/**
 * Brings the synthesized stack up on this machine: DynamoDB Local with the template's tables and
 * TTL emulation, the local EventBridge with the template's rules, every function's bundle in the
 * local Lambda runtime, and the HTTP API on 127.0.0.1. Returns once it all answers.
 */
export async function startVigil(options: StartOptions): Promise<RunningVigil> {
  const started = Date.now();
  const stage = new StartStage(options);
  try {
    const assembly = await prepare(stage);
    const { queues, topology } = await loadResources(stage, assembly);
    const { dynamodb, client } = await startData(stage, topology);
    const late = new LateFunctions();
    const events = await startEvents(stage, topology, queues.broker, late);
    const endpoints = {
      dynamodb: dynamodb.endpoint,
      eventBridge: events.eventBridge.endpoint,
      sqs: queues.endpoint,
    };
    const { lambda, asyncInvocations, lambdaApi } = await startFunctions(stage, topology, endpoints, late);

    const previous = previousConfig(stage);
    const admin = previous?.admin ?? newAdminCredentials(LOCAL_REGION);
    const consoleDir = findConsoleAsset(assembly.template, assembly.assemblyDir);
    const server = await startApi(stage, servedApi(stage, topology), lambda, admin, consoleDir);
    const { config, info } = await writeStateFiles(stage, {
      topology,
      client,
      previous,
      admin,
      apiUrl: server.url,
      endpoints: {
        dynamodbEndpoint: dynamodb.endpoint,
        eventBridgeEndpoint: events.eventBridge.endpoint,
        lambdaEndpoint: lambdaApi.endpoint,
        sqsEndpoint: queues.endpoint,
      },
    });
    startTimers(stage, events.scheduler, queues, topology, lambda);

    const { bus, delivery, scheduler } = events;
    return {
      config,
      info,
      topology,
      lambda,
      bus,
      delivery,
      scheduler,
      asyncInvocations,
      sqs: queues.broker,
      fireSchedule: (ruleRef) => scheduler.fire(ruleRef),
      startedInMs: Date.now() - started,
      dynamodbPid: dynamodb.pid,
      stop: () => stage.stopAll(),
    };
  } catch (error) {
    await stage.stopAll();
    throw error;
  }
}
