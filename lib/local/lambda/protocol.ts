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
}

/** The context fields the worker turns into the handler's `context` object. */
export interface ContextFields {
  readonly awsRequestId: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  /** Epoch milliseconds at which the invocation times out. */
  readonly deadlineMs: number;
}

export interface InvokeMessage {
  readonly type: 'invoke';
  /** The event as Lambda hands it over: JSON, parsed afresh in the environment. */
  readonly eventJson: string;
  readonly context: ContextFields;
}

export interface LambdaError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly stack?: readonly string[];
}

export type WorkerMessage =
  | { readonly type: 'ready'; readonly initDurationMs: number }
  | { readonly type: 'init-error'; readonly error: LambdaError }
  | { readonly type: 'result'; readonly ok: true; readonly payloadJson: string }
  | { readonly type: 'result'; readonly ok: false; readonly error: LambdaError };
