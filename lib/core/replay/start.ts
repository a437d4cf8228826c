import type { Envelope } from '../envelope.ts';
import { parseWith, ValidationError } from '../validation.ts';
import type { ReplayStore } from './ports.ts';
import { NO_COUNTS, type ReplayRecord } from './record.ts';
import { replayRangeProblem, replayRequestSchema } from './request.ts';
import type { ReplayRunner } from './runner.ts';

export type StartResult =
  | { readonly kind: 'started'; readonly record: ReplayRecord }
  | { readonly kind: 'existing'; readonly record: ReplayRecord }
  | {
      readonly kind: 'dry-run';
      readonly matched: number;
      readonly sample: Envelope[];
      readonly complete: boolean;
    };

export interface StartDeps {
  readonly store: Pick<ReplayStore, 'create'>;
  readonly runner: Pick<ReplayRunner, 'dryRun'>;
  readonly newId: () => string;
  readonly now: () => number;
  readonly retentionSeconds: number;
}

/**
 * `POST /replay` and a direct invocation: validates, then either answers a dry run or stores a new
 * running replay (or, for a name already used, returns that replay). The caller starts the run.
 */
export async function startReplay(
  input: unknown,
  deps: StartDeps,
  remainingMs: () => number,
): Promise<StartResult> {
  const request = parseWith(replayRequestSchema, input);
  const problem = replayRangeProblem(request, deps.now(), deps.retentionSeconds);
  if (problem) throw new ValidationError(problem.field, problem.rule);
  if (request.dryRun) return { kind: 'dry-run', ...(await deps.runner.dryRun(request, remainingMs)) };
  const at = new Date(deps.now()).toISOString();
  const record: ReplayRecord = {
    id: deps.newId(),
    ...(request.name === undefined ? {} : { name: request.name }),
    status: 'running',
    request,
    counts: NO_COUNTS,
    createdAt: at,
    updatedAt: at,
    runs: 0,
  };
  const created = await deps.store.create(record);
  return created.created ? { kind: 'started', record } : { kind: 'existing', record: created.existing };
}
