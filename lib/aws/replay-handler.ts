import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { resourceIdSchema } from '../core/alerts/requests.ts';
import { VigilError } from '../core/errors.ts';
import type { Log } from '../core/ingest/ports.ts';
import type { MetricOf, MetricSink } from '../core/metrics.ts';
import { ReplayFinishedError, ReplayNotFoundError } from '../core/replay/errors.ts';
import type { ReplayStore } from '../core/replay/ports.ts';
import type { ReplayRecord } from '../core/replay/record.ts';
import type { ReplayRunner, RunOutcome } from '../core/replay/runner.ts';
import { type StartDeps, type StartResult, startReplay } from '../core/replay/start.ts';
import { parseWith } from '../core/validation.ts';
import { type AdminHttpEvent, jsonBody } from './admin-route.ts';
import { jsonResponse, responseForThrown } from './http.ts';

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

const isHttp = (event: unknown): event is AdminHttpEvent =>
  typeof event === 'object' && event !== null && 'routeKey' in event && 'requestContext' in event;
const isContinuation = (event: unknown): event is { continueReplay: string } =>
  typeof event === 'object' && event !== null && 'continueReplay' in event;

/**
 * `functions/replay`: serves `POST /replay`, `GET /replay/{id}`, `POST /replay/{id}/cancel` and
 * `POST /replay/{id}/resume` (IAM), starts a replay when invoked directly with the same JSON as
 * `POST /replay`, and runs a replay when invoked with `{continueReplay: id}` (by itself, async).
 */
export function createReplayHandler(deps: ReplayHandlerDeps) {
  const remaining = (context: Context) => () => context.getRemainingTimeInMillis();

  async function start(input: unknown, context: Context): Promise<StartResult> {
    const result = await startReplay(input, deps, remaining(context));
    if (result.kind === 'started') {
      deps.metrics.add('replaysStarted', 1);
      deps.log.info('replay started', { replayId: result.record.id, request: result.record.request });
      await deps.continueLater(result.record.id, context);
    }
    return result;
  }

  async function continueReplay(id: string, context: Context) {
    const before = await deps.store.get(id);
    const outcome = await deps.runner.run(id, context.awsRequestId, remaining(context));
    const record = await deps.store.get(id);
    countRun(deps.metrics, outcome, before, record);
    deps.log.info(`replay run ${outcome}`, { replayId: id, counts: record?.counts, runs: record?.runs });
    if (outcome === 'continue') await deps.continueLater(id, context);
    return { replayId: id, outcome, status: record?.status };
  }

  async function http(event: AdminHttpEvent, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
    try {
      if (event.routeKey === 'POST /replay') {
        const result = await start(jsonBody(event), context);
        return jsonResponse(result.kind === 'started' ? 202 : 200, startAnswer(result));
      }
      const id = parseWith(resourceIdSchema, event.pathParameters?.id, 'id');
      const record = await deps.store.get(id);
      if (!record) throw new ReplayNotFoundError(`id: no replay ${id}`, { field: 'id' });
      switch (event.routeKey) {
        case 'GET /replay/{id}':
          return jsonResponse(200, { replay: view(record, deps.now()) });
        case 'POST /replay/{id}/cancel': {
          if (!(await deps.store.cancel(id)))
            throw new ReplayFinishedError(
              `replay ${id} has already ended: ${(await deps.store.get(id))?.status}`,
            );
          return jsonResponse(200, { replay: view((await deps.store.get(id)) ?? record, deps.now()) });
        }
        case 'POST /replay/{id}/resume': {
          if (record.status !== 'running')
            throw new ReplayFinishedError(`replay ${id} has already ended: ${record.status}`);
          // A run still holding it refuses the new one ('busy'): resuming a live replay is harmless.
          await deps.continueLater(id, context);
          return jsonResponse(202, { replayId: id, status: record.status });
        }
        default:
          return jsonResponse(404, {
            error: { code: 'ROUTE_NOT_FOUND', message: `no replay route ${event.routeKey}` },
          });
      }
    } catch (error) {
      if (!(error instanceof VigilError))
        deps.log.error('replay route failed', { route: event.routeKey, error: error as Error });
      return responseForThrown(error);
    }
  }

  return async (event: unknown, context: Context) => {
    if (isHttp(event)) return http(event, context);
    if (isContinuation(event)) return continueReplay(event.continueReplay, context);
    // A direct invocation: errors throw (the caller sees them as the function error), as Lambda reports them.
    return startAnswer(await start(event, context));
  };
}
