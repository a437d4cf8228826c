/**
 * Messages between the host and an execution environment. `worker.mjs` cannot import this file
 * (it runs without a TypeScript loader), so keep it in step with the shapes used there.
 */

/** `workerData` of a new environment. */
export interface WorkerBoot {
  readonly codeDir: string;
  readonly handler: string;
  /** The function's NODE_OPTIONS asks for `--enable-source-maps` (a process flag, so set per worker). */
  readonly sourceMaps: boolean;
  /** The context fields that stay the same for every invocation of the environment. */
  readonly context: EnvironmentContext;
}

export interface EnvironmentContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
}

/** One invocation: the event as Lambda hands it over (JSON, parsed afresh) and its own context fields. */
export interface InvokeMessage {
  readonly type: 'invoke';
  readonly eventJson: string;
  readonly awsRequestId: string;
  readonly invokedFunctionArn: string;
  /** Epoch milliseconds at which the invocation times out. */
  readonly deadlineMs: number;
}

export interface LambdaError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly stack?: readonly string[];
}

export type WorkerMessage =
  /** One write of the handler to its stdout or stderr, sent as it happens. */
  | { readonly type: 'log'; readonly stream: 'stdout' | 'stderr'; readonly text: string }
  | { readonly type: 'ready'; readonly initDurationMs: number }
  | { readonly type: 'init-error'; readonly error: LambdaError }
  | { readonly type: 'result'; readonly ok: true; readonly payloadJson: string }
  | { readonly type: 'result'; readonly ok: false; readonly error: LambdaError };
