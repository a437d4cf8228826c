import { VigilError } from '#lib/core/errors.ts';
import type { InvokeResult, Invoker, LocalFunction } from '../topology.ts';
import { exactFunctionRefs, type ResolvedFunction, resolveFunctionRef } from './function-ref.ts';
import { FunctionPool, type FunctionStats } from './pool.ts';

export type { FunctionStats } from './pool.ts';

export interface LambdaRuntimeOptions {
  readonly functions: readonly LocalFunction[];
  /** Variables every function gets besides its own: AWS_REGION, credentials, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_EVENTBRIDGE… */
  readonly baseEnvironment: Readonly<Record<string, string>>;
  /** Where handler output goes, line by line; default prints `[<function name> <first 8 of request id>] <line>` to stdout. */
  readonly onLog?: (functionName: string, requestId: string | undefined, line: string) => void;
  /** Max simultaneous execution environments per function (more invocations queue). @default 4 */
  readonly maxEnvironmentsPerFunction?: number;
}

/** No local function has the logical id, name or ARN the caller gave. */
export class FunctionNotFoundError extends VigilError {
  readonly code = 'FUNCTION_NOT_FOUND';
}

function printLog(functionName: string, requestId: string | undefined, line: string): void {
  const tag = requestId === undefined ? functionName : `${functionName} ${requestId.slice(0, 8)}`;
  process.stdout.write(`[${tag}] ${line}\n`);
}

/**
 * Runs the stack's Lambda functions on this machine, each execution environment in its own worker
 * thread (so functions never share `process.env` or module state), with Lambda's warm reuse,
 * cold starts, timeouts and error shapes.
 */
export class LocalLambdaRuntime implements Invoker {
  readonly #functions: readonly LocalFunction[];
  readonly #exactRefs: ReadonlyMap<string, ResolvedFunction>;
  readonly #pools = new Map<string, FunctionPool>();
  #closing: Promise<void> | undefined;

  constructor(options: LambdaRuntimeOptions) {
    const max = options.maxEnvironmentsPerFunction ?? 4;
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(`maxEnvironmentsPerFunction must be a positive integer, got ${max}`);
    }
    const onLog = options.onLog ?? printLog;
    this.#functions = options.functions;
    this.#exactRefs = exactFunctionRefs(options.functions);
    for (const fn of options.functions) {
      const pool = new FunctionPool({
        fn,
        baseEnvironment: options.baseEnvironment,
        maxEnvironments: max,
        onLog: (requestId, line) => onLog(fn.name, requestId, line),
      });
      this.#pools.set(fn.name, pool);
    }
  }

  /**
   * Rejects with `FunctionNotFoundError` for an unknown function; every other failure is a result.
   * `requestId` becomes the invocation's `awsRequestId` (default: a new UUID).
   */
  async invoke(
    functionRef: string,
    event: unknown,
    options: { readonly requestId?: string } = {},
  ): Promise<InvokeResult> {
    const target = this.resolve(functionRef);
    const pool = target && this.#pools.get(target.fn.name);
    if (!target || !pool) throw new FunctionNotFoundError(`Function not found: ${functionRef}`);
    // Lambda hands the event over as JSON: the handler gets a fresh copy without class instances.
    const eventJson = JSON.stringify(event) ?? 'null';
    return pool.invoke(eventJson, target.invokedFunctionArn, options.requestId);
  }

  /** The function a caller means (logical id, name, full or partial ARN, optionally qualified), if any. */
  resolve(functionRef: string): ResolvedFunction | undefined {
    return this.#exactRefs.get(functionRef) ?? resolveFunctionRef(this.#functions, functionRef);
  }

  /** One cold start of `functionName` in a fresh environment outside its pool: Init ms (benchmarks). */
  measureInit(functionName: string): Promise<number | undefined> {
    const pool = this.#pools.get(functionName);
    if (!pool) throw new FunctionNotFoundError(`Function not found: ${functionName}`);
    return pool.measureInit();
  }

  /** Counters per function name. */
  stats(): Record<string, FunctionStats> {
    return Object.fromEntries([...this.#pools].map(([name, pool]) => [name, pool.stats()]));
  }

  /** Stops every execution environment; queued and running invocations fail. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= Promise.all([...this.#pools.values()].map((pool) => pool.close())).then(
      () => undefined,
    );
    return this.#closing;
  }
}
