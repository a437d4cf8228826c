import { randomUUID } from 'node:crypto';
import type { InvokeResult, LocalFunction } from '../topology.ts';
import { CLOSED_ERROR, type EnvironmentResult, ExecutionEnvironment } from './execution-environment.ts';

export interface FunctionStats {
  invocations: number;
  coldStarts: number;
  /** Every failed invocation, timeouts included (as CloudWatch's `Errors` metric counts them). */
  errors: number;
  timeouts: number;
  initDurationsMs: number[];
}

export interface PoolOptions {
  readonly fn: LocalFunction;
  readonly baseEnvironment: Readonly<Record<string, string>>;
  readonly maxEnvironments: number;
  readonly onLog: (requestId: string | undefined, line: string) => void;
}

/**
 * The execution environments of one function: reuses an idle one, starts a new one while under
 * `maxEnvironments`, otherwise queues the invocation (first in, first out).
 */
export class FunctionPool {
  readonly #options: PoolOptions;
  readonly #all = new Set<ExecutionEnvironment>();
  readonly #idle: ExecutionEnvironment[] = [];
  readonly #waiters: Array<(environment: ExecutionEnvironment | undefined) => void> = [];
  readonly #stats: FunctionStats = {
    invocations: 0,
    coldStarts: 0,
    errors: 0,
    timeouts: 0,
    initDurationsMs: [],
  };
  /** Environments alive or in use: what counts against `maxEnvironments`. */
  #live = 0;
  #closed = false;

  constructor(options: PoolOptions) {
    this.#options = options;
  }

  /** `requestId` is the caller's when it has one (an async invocation keeps its id across retries). */
  async invoke(
    eventJson: string,
    invokedFunctionArn: string,
    requestId: string = randomUUID(),
  ): Promise<InvokeResult> {
    if (this.#closed) return closedResult(requestId);
    this.#stats.invocations += 1;
    const environment = await this.#acquire();
    if (!environment) return closedResult(requestId);
    let result: EnvironmentResult;
    try {
      result = await environment.invoke({ requestId, eventJson, invokedFunctionArn });
    } finally {
      this.#release(environment);
    }
    this.#record(result);
    const { coldStart, durationMs, outcome } = result;
    return outcome.ok
      ? { ok: true, payload: outcome.payload, durationMs, coldStart, requestId }
      : { ok: false, error: outcome.error, durationMs, coldStart, requestId };
  }

  /**
   * One cold start outside the pool (benchmarks): a fresh environment runs Init and is stopped; its
   * Init duration in ms, undefined if Init failed. Not counted in the stats.
   */
  async measureInit(): Promise<number | undefined> {
    const environment = new ExecutionEnvironment({
      fn: this.#options.fn,
      baseEnvironment: this.#options.baseEnvironment,
      onLog: this.#options.onLog,
      onExit: () => {},
    });
    try {
      return await environment.initDuration();
    } finally {
      await environment.terminate();
    }
  }

  stats(): FunctionStats {
    return { ...this.#stats, initDurationsMs: [...this.#stats.initDurationsMs] };
  }

  /** Fails queued invocations and stops every worker; resolves once all have exited. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#waiters.splice(0)) waiter(undefined);
    this.#idle.length = 0;
    await Promise.all([...this.#all].map((environment) => environment.terminate()));
  }

  #acquire(): Promise<ExecutionEnvironment | undefined> {
    const idle = this.#idle.pop();
    if (idle) return Promise.resolve(idle);
    if (this.#live < this.#options.maxEnvironments) return Promise.resolve(this.#spawn());
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #release(environment: ExecutionEnvironment): void {
    if (this.#closed) return;
    if (!environment.alive) this.#live -= 1;
    const next = this.#waiters.shift();
    if (next) next(environment.alive ? environment : this.#spawn());
    else if (environment.alive) this.#idle.push(environment);
  }

  #spawn(): ExecutionEnvironment {
    this.#live += 1;
    const environment = new ExecutionEnvironment({
      fn: this.#options.fn,
      baseEnvironment: this.#options.baseEnvironment,
      onLog: this.#options.onLog,
      onExit: (ended) => this.#forget(ended),
    });
    this.#all.add(environment);
    return environment;
  }

  /** An environment stopped; if it sat idle (e.g. a stray timer crashed it), free its slot. */
  #forget(environment: ExecutionEnvironment): void {
    this.#all.delete(environment);
    const index = this.#idle.indexOf(environment);
    if (index === -1) return;
    this.#idle.splice(index, 1);
    this.#live -= 1;
  }

  #record(result: EnvironmentResult): void {
    if (result.coldStart) this.#stats.coldStarts += 1;
    if (result.initDurationMs !== undefined) this.#stats.initDurationsMs.push(result.initDurationMs);
    if (result.outcome.ok) return;
    this.#stats.errors += 1;
    if (result.outcome.error.errorType === 'Sandbox.Timedout') this.#stats.timeouts += 1;
  }
}

function closedResult(requestId: string): InvokeResult {
  return {
    ok: false,
    error: CLOSED_ERROR,
    durationMs: 0,
    coldStart: false,
    requestId,
  };
}
