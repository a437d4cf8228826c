import { Worker } from 'node:worker_threads';
import type { LocalFunction } from '../topology.ts';
import { lambdaEnvironment, newLogStreamName } from './environment-variables.ts';
import { LineSplitter } from './log-lines.ts';
import type { InvokeMessage, LambdaError, WorkerBoot, WorkerMessage } from './protocol.ts';

const WORKER_URL = new URL('./worker.mjs', import.meta.url);

/** Lambda gives the Init phase of an on-demand environment 10 s, apart from the function timeout. */
const INIT_TIMEOUT_MS = 10_000;

/** The error of an invocation cut short or refused because the runtime was closed (local only). */
export const CLOSED_ERROR: LambdaError = {
  errorType: 'LocalRuntime.Closed',
  errorMessage: 'The local Lambda runtime was closed',
};

/** What ends a wait on the worker. */
type Signal = WorkerMessage | { readonly type: 'exit' } | { readonly type: 'timeout' };

export type Outcome =
  | { readonly ok: true; readonly payload: unknown }
  | { readonly ok: false; readonly error: LambdaError };

export interface EnvironmentRequest {
  readonly requestId: string;
  readonly eventJson: string;
  readonly invokedFunctionArn: string;
}

export interface EnvironmentResult {
  readonly coldStart: boolean;
  /** Set on the cold start of an environment whose Init succeeded. */
  readonly initDurationMs?: number;
  /** The Invoke phase (Lambda's "Duration"; Init is reported apart). */
  readonly durationMs: number;
  readonly outcome: Outcome;
}

export interface EnvironmentOptions {
  readonly fn: LocalFunction;
  readonly baseEnvironment: Readonly<Record<string, string>>;
  readonly onLog: (requestId: string | undefined, line: string) => void;
  /** Called once the worker has stopped, for whatever reason. */
  readonly onExit: (environment: ExecutionEnvironment) => void;
}

type InitResult =
  | { readonly ok: true; readonly initDurationMs: number }
  | { readonly ok: false; readonly error: LambdaError };

function bootData(fn: LocalFunction, env: Record<string, string>, logStreamName: string): WorkerBoot {
  return {
    codeDir: fn.codeDir,
    handler: fn.handler,
    sourceMaps: /(^|\s)--enable-source-maps(\s|$)/.test(env.NODE_OPTIONS ?? ''),
    context: {
      functionName: fn.name,
      functionVersion: '$LATEST',
      memoryLimitInMB: String(fn.memoryMb),
      logGroupName: `/aws/lambda/${fn.name}`,
      logStreamName,
    },
  };
}

/**
 * One execution environment: a worker thread with its own `process.env` that loads the handler
 * once (Init) and then runs one invocation at a time. A timeout, a crash or a failed Init ends it;
 * the pool then starts a new one. Reading a worker's stdio keeps the process alive (Node refs the
 * port until the stream ends), so the runtime must be closed.
 */
export class ExecutionEnvironment {
  readonly #fn: LocalFunction;
  readonly #logStreamName = newLogStreamName();
  readonly #worker: Worker;
  readonly #exited: Promise<void>;
  readonly #ready: Promise<InitResult>;
  readonly #stdout: LineSplitter;
  readonly #stderr: LineSplitter;
  #alive = true;
  #closing = false;
  #used = false;
  #exitCode: number | undefined;
  #crash: unknown;
  #requestId: string | undefined;
  #waiting: ((signal: Signal) => void) | undefined;

  constructor(options: EnvironmentOptions) {
    const { fn, onLog } = options;
    this.#fn = fn;
    const env = lambdaEnvironment(fn, options.baseEnvironment, this.#logStreamName);
    this.#worker = new Worker(WORKER_URL, {
      env,
      workerData: bootData(fn, env, this.#logStreamName),
      stdout: true,
      stderr: true,
      execArgv: [],
    });
    this.#stdout = new LineSplitter((line) => onLog(this.#requestId, line));
    this.#stderr = new LineSplitter((line) => onLog(this.#requestId, line));
    // The handler's output comes as `log` messages (worker.mjs); stdio only carries what bypasses them.
    this.#worker.stdout.setEncoding('utf8').on('data', (text: string) => this.#stdout.push(text));
    this.#worker.stderr.setEncoding('utf8').on('data', (text: string) => this.#stderr.push(text));
    this.#worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'log')
        (message.stream === 'stderr' ? this.#stderr : this.#stdout).push(message.text);
      else this.#waiting?.(message);
    });
    this.#worker.on('error', (error) => {
      this.#crash = error; // logged at exit, after the lines the handler wrote before it
    });
    this.#exited = new Promise((resolve) => {
      this.#worker.once('exit', (code) => {
        this.#ended(code, onLog);
        options.onExit(this);
        resolve();
      });
    });
    this.#ready = this.#init();
  }

  /** False once the environment is ended or ending: it takes no more invocations. */
  get alive(): boolean {
    return this.#alive;
  }

  async invoke(request: EnvironmentRequest): Promise<EnvironmentResult> {
    const coldStart = !this.#used;
    this.#used = true;
    const started = performance.now();
    const init = await this.#ready;
    if (!init.ok) return { coldStart, durationMs: performance.now() - started, outcome: init };
    const timeoutMs = this.#fn.timeoutSeconds * 1000;
    const invokeStarted = performance.now();
    this.#requestId = request.requestId;
    const message: InvokeMessage = {
      type: 'invoke',
      eventJson: request.eventJson,
      awsRequestId: request.requestId,
      invokedFunctionArn: request.invokedFunctionArn,
      deadlineMs: Date.now() + timeoutMs,
    };
    if (this.#alive) this.#worker.postMessage(message);
    const signal = await this.#next(timeoutMs);
    const durationMs = performance.now() - invokeStarted;
    this.#flushLogs();
    this.#requestId = undefined;
    const outcome: Outcome =
      signal.type === 'result'
        ? signal.ok
          ? { ok: true, payload: JSON.parse(signal.payloadJson) }
          : { ok: false, error: signal.error }
        : { ok: false, error: this.#failure(signal, timeoutMs) };
    return coldStart
      ? { coldStart, initDurationMs: init.initDurationMs, durationMs, outcome }
      : { coldStart, durationMs, outcome };
  }

  /** The Init phase's duration in ms once it is over; undefined if Init failed. */
  async initDuration(): Promise<number | undefined> {
    const init = await this.#ready;
    return init.ok ? init.initDurationMs : undefined;
  }

  /** Stops the worker for good (runtime shutdown); invocations in flight fail. Idempotent. */
  terminate(): Promise<void> {
    this.#closing = true;
    this.#discard();
    return this.#exited;
  }

  async #init(): Promise<InitResult> {
    const signal = await this.#next(INIT_TIMEOUT_MS);
    if (signal.type === 'ready') return { ok: true, initDurationMs: signal.initDurationMs };
    this.#discard(); // Lambda discards an environment whose Init failed
    return {
      ok: false,
      error: signal.type === 'init-error' ? signal.error : this.#failure(signal, INIT_TIMEOUT_MS),
    };
  }

  /** Waits for the worker's next message, its exit, or `timeoutMs`, whichever comes first. */
  #next(timeoutMs: number): Promise<Signal> {
    if (!this.#alive) return Promise.resolve({ type: 'exit' });
    return new Promise((resolve) => {
      const finish = (signal: Signal) => {
        clearTimeout(timer);
        this.#waiting = undefined;
        resolve(signal);
      };
      const timer = setTimeout(() => finish({ type: 'timeout' }), timeoutMs);
      this.#waiting = finish;
    });
  }

  #failure(signal: Signal, timeoutMs: number): LambdaError {
    if (signal.type === 'timeout') {
      this.#discard(); // Lambda resets the environment after a timeout
      return {
        errorType: 'Sandbox.Timedout',
        errorMessage: `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`,
      };
    }
    if (this.#closing) return CLOSED_ERROR;
    const crash = this.#crash instanceof Error ? this.#crash : undefined;
    return {
      errorType: 'Runtime.ExitError',
      errorMessage: `Runtime exited with error: exit status ${this.#exitCode ?? 'unknown'}`,
      ...(crash?.stack === undefined ? {} : { stack: crash.stack.split('\n') }),
    };
  }

  /**
   * The worker stopped. Node hands over every message it posted before its 'exit', so the lines
   * are all in: an uncaught exception is logged after them, as Lambda logs it before the
   * environment goes, then the invocation waiting (if any) ends.
   */
  #ended(code: number, onLog: EnvironmentOptions['onLog']): void {
    this.#alive = false;
    this.#exitCode = code;
    this.#flushLogs();
    if (this.#crash !== undefined) {
      const stack = String((this.#crash as Error).stack ?? this.#crash);
      for (const line of stack.split('\n')) onLog(this.#requestId, `Uncaught ${line}`);
    }
    this.#waiting?.({ type: 'exit' });
  }

  #discard(): void {
    if (!this.#alive) return;
    this.#alive = false;
    void this.#worker.terminate();
  }

  #flushLogs(): void {
    this.#stdout.flush();
    this.#stderr.flush();
  }
}
