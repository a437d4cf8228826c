import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { RouteNotFoundError } from '../core/admin/errors.ts';
import { resourceIdSchema } from '../core/alerts/requests.ts';
import type { Log } from '../core/ingest/ports.ts';
import type { MetricOf, MetricSink } from '../core/metrics.ts';
import { ReplayFinishedError, ReplayNotFoundError } from '../core/replay/errors.ts';
import type { ReplayStore } from '../core/replay/ports.ts';
import type { ReplayRecord } from '../core/replay/record.ts';
import type { ReplayRunner, RunOutcome } from '../core/replay/runner.ts';
import { type StartDeps, type StartResult, startReplay } from '../core/replay/start.ts';
import { parseWith } from '../core/validation.ts';
import { type AdminHttpEvent, jsonBody } from './admin-route.ts';
import { jsonResponse } from './http.ts';

export interface ReplayHandlerDeps extends StartDeps {
  readonly store: ReplayStore;
  readonly runner: Pick<ReplayRunner, 'run' | 'dryRun'>;
  /** Invokes this function again, asynchronously, to run (or go on with) a replay. */
  readonly continueLater: (replayId: string, context: Context) => Promise<void>;
  readonly log: Log;
  readonly metrics: MetricSink<MetricOf<'replay'>>;
}

/** What the function answers a direct invocation with: `{replayId, status}`, or a dry run's count and sample. */
function startAnswer(result: StartResult) {
  if (result.kind === 'dry-run')
    return { dryRun: true, matched: result.matched, complete: result.complete, sample: result.sample };
  return {
    replayId: result.record.id,
    status: result.record.status,
    ...(result.kind === 'existing' ? { existing: true } : {}),
  };
}

const END_METRIC: Partial<Record<RunOutcome, MetricOf<'replay'>>> = {
  completed: 'replaysCompleted',
  failed: 'replaysFailed',
  cancelled: 'replaysCancelled',
};

/** Counts one run: the events it published and failed to (the record's totals grew by them), and how it ended. */
function countRun(
  metrics: ReplayHandlerDeps['metrics'],
  outcome: RunOutcome,
  before: ReplayRecord | undefined,
  after: ReplayRecord | undefined,
) {
  if (!before || !after) return;
  metrics.add('eventsReplayed', after.counts.published - before.counts.published);
  metrics.add('replayPublishFailures', after.counts.failed - before.counts.failed);
  const end = END_METRIC[outcome];
  if (end) metrics.add(end, 1);
}

/** The record as `GET /replay/{id}` shows it, with how long it has run (or ran). */
function view(record: ReplayRecord, nowMs: number) {
  const ended = record.finishedAt ? Date.parse(record.finishedAt) : nowMs;
  return { ...record, durationMs: ended - Date.parse(record.createdAt) };
}

/** An API Gateway request, as opposed to a direct or continuing invocation. */
export const isReplayHttpEvent = (event: unknown): event is AdminHttpEvent =>
  typeof event === 'object' && event !== null && 'routeKey' in event && 'requestContext' in event;
const isContinuation = (event: unknown): event is { continueReplay: string } =>
  typeof event === 'object' && event !== null && 'continueReplay' in event;

const remaining = (context: Context) => () => context.getRemainingTimeInMillis();

/** Starts a replay (or a dry run) and, once started, hands its running over to a new invocation. */
async function start(deps: ReplayHandlerDeps, input: unknown, context: Context): Promise<StartResult> {
  const result = await startReplay(input, deps, remaining(context));
  if (result.kind === 'started') {
    deps.metrics.add('replaysStarted', 1);
    deps.log.info('replay started', { replayId: result.record.id, request: result.record.request });
    await deps.continueLater(result.record.id, context);
  }
  return result;
}

/** Runs a replay for as long as this invocation allows, and continues it in another if it is not done. */
async function continueReplay(deps: ReplayHandlerDeps, id: string, context: Context) {
  const before = await deps.store.get(id);
  const outcome = await deps.runner.run(id, context.awsRequestId, remaining(context));
  const record = await deps.store.get(id);
  countRun(deps.metrics, outcome, before, record);
  deps.log.info(`replay run ${outcome}`, { replayId: id, counts: record?.counts, runs: record?.runs });
  if (outcome === 'continue') await deps.continueLater(id, context);
  return { replayId: id, outcome, status: record?.status };
}

type ReplayRoute = (
  event: AdminHttpEvent,
  deps: ReplayHandlerDeps,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

async function existingReplay(event: AdminHttpEvent, deps: ReplayHandlerDeps): Promise<ReplayRecord> {
  const id = parseWith(resourceIdSchema, event.pathParameters?.id, 'id');
  const record = await deps.store.get(id);
  if (!record) throw new ReplayNotFoundError(`id: no replay ${id}`, { field: 'id' });
  return record;
}

/** `POST /replay`: 202 when started, 200 for a dry run or a replay that already exists. */
const startRoute: ReplayRoute = async (event, deps, context) => {
  const result = await start(deps, jsonBody(event), context);
  return jsonResponse(result.kind === 'started' ? 202 : 200, startAnswer(result));
};

/** `GET /replay/{id}`: the record, with its duration. */
const getRoute: ReplayRoute = async (event, deps) =>
  jsonResponse(200, { replay: view(await existingReplay(event, deps), deps.now()) });

/** `POST /replay/{id}/cancel`: 409 when it has already ended. */
const cancelRoute: ReplayRoute = async (event, deps) => {
  const record = await existingReplay(event, deps);
  if (!(await deps.store.cancel(record.id)))
    throw new ReplayFinishedError(
      `replay ${record.id} has already ended: ${(await deps.store.get(record.id))?.status}`,
    );
  return jsonResponse(200, { replay: view((await deps.store.get(record.id)) ?? record, deps.now()) });
};

/** `POST /replay/{id}/resume`: runs a running replay on (a run still holding it refuses the new one: harmless). */
const resumeRoute: ReplayRoute = async (event, deps, context) => {
  const record = await existingReplay(event, deps);
  if (record.status !== 'running')
    throw new ReplayFinishedError(`replay ${record.id} has already ended: ${record.status}`);
  await deps.continueLater(record.id, context);
  return jsonResponse(202, { replayId: record.id, status: record.status });
};

/** The route table of `functions/replay` (IAM): route key → handler. */
export const REPLAY_ROUTES: Readonly<Record<string, ReplayRoute>> = {
  'POST /replay': startRoute,
  'GET /replay/{id}': getRoute,
  'POST /replay/{id}/cancel': cancelRoute,
  'POST /replay/{id}/resume': resumeRoute,
};

/**
 * `functions/replay`: serves the {@link REPLAY_ROUTES} (IAM; errors answered by `httpErrors` for
 * HTTP requests only), starts a replay when invoked directly with the same JSON as `POST /replay`,
 * and runs a replay when invoked with `{continueReplay: id}` (by itself, async).
 */
export function createReplayHandler(deps: ReplayHandlerDeps) {
  return async (event: unknown, context: Context) => {
    if (isReplayHttpEvent(event)) {
      const route = REPLAY_ROUTES[event.routeKey];
      if (!route) throw new RouteNotFoundError(`no replay route ${event.routeKey}`);
      return route(event, deps, context);
    }
    if (isContinuation(event)) return continueReplay(deps, event.continueReplay, context);
    // A direct invocation: errors throw (the caller sees them as the function error), as Lambda reports them.
    return startAnswer(await start(deps, event, context));
  };
}
