import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The local picture of the synthesized stack: every resource the local runtime brings up, with
 * intrinsics already resolved to local names and ARNs. Built by `template/load-topology.ts`.
 */
export interface Topology {
  readonly stackName: string;
  readonly region: string;
  readonly accountId: string;
  readonly tables: readonly LocalTable[];
  readonly functions: readonly LocalFunction[];
  readonly buses: readonly LocalBus[];
  readonly rules: readonly LocalRule[];
  readonly apis: readonly LocalApi[];
  readonly logGroups: readonly LocalLogGroup[];
  readonly queues: readonly LocalQueue[];
  readonly eventSourceMappings: readonly LocalEventSourceMapping[];
  /** Resources the runtime does not bring up, each with the reason (printed at start). */
  readonly unsupported: readonly UnsupportedResource[];
}

export interface LocalTable {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly create: CreateTableCommandInput;
  readonly ttlAttribute?: string;
}

export interface LocalFunction {
  readonly logicalId: string;
  /** Local function name (also the last part of its ARN). */
  readonly name: string;
  readonly arn: string;
  /** Absolute folder of the bundle CDK built (`cdk.out/asset.<hash>`). */
  readonly codeDir: string;
  /** `<file without extension>.<export>`, e.g. `index.handler`. */
  readonly handler: string;
  readonly runtime: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** The function's own variables, resolved (table names, bus name…). */
  readonly environment: Readonly<Record<string, string>>;
  /** Its LoggingConfig (Lambda's advanced logging controls); absent: Lambda's default, Text. */
  readonly logging?: FunctionLogging;
}

/**
 * Lambda's advanced logging controls of one function. The levels exist only with the JSON format,
 * where Lambda defaults both to INFO.
 */
export type FunctionLogging =
  | { readonly format: 'Text' }
  | {
      readonly format: 'JSON';
      readonly applicationLogLevel: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
      readonly systemLogLevel: 'DEBUG' | 'INFO' | 'WARN';
    };

export interface LocalBus {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
}

export interface RetryPolicy {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeInSeconds: number;
}

export interface InputTransformer {
  readonly inputPathsMap: Readonly<Record<string, string>>;
  readonly inputTemplate: string;
}

export type TargetKind = 'lambda' | 'logs' | 'sqs' | 'events';

export interface LocalTarget {
  readonly id: string;
  readonly arn: string;
  readonly kind: TargetKind;
  /** Logical id of the function, log group, queue or bus the ARN points to. */
  readonly resourceId: string;
  readonly retryPolicy: RetryPolicy;
  /** ARN of the dead-letter queue, when configured. */
  readonly deadLetterArn?: string;
  readonly input?: string;
  readonly inputPath?: string;
  readonly inputTransformer?: InputTransformer;
  /** SqsParameters.MessageGroupId: the literal group of every message sent to a FIFO queue target. */
  readonly messageGroupId?: string;
}

export interface LocalRule {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly busName: string;
  readonly description?: string;
  /** The rule matches events on its bus (a rule has a pattern, a schedule, or both). */
  readonly eventPattern?: Readonly<Record<string, unknown>>;
  /** `rate(…)` or `cron(…)`, already validated: the rule also fires on this schedule (default bus only). */
  readonly scheduleExpression?: string;
  readonly enabled: boolean;
  readonly targets: readonly LocalTarget[];
}

export type RouteAuthorization =
  | { readonly type: 'NONE' }
  | { readonly type: 'AWS_IAM' }
  | { readonly type: 'CUSTOM'; readonly authorizer: LocalAuthorizer };

export interface LocalAuthorizer {
  readonly logicalId: string;
  readonly name: string;
  /** Logical id of the authorizer function. */
  readonly functionId: string;
  /** e.g. `$request.header.Authorization`. */
  readonly identitySources: readonly string[];
  readonly enableSimpleResponses: boolean;
  readonly payloadFormatVersion: string;
  readonly resultTtlSeconds: number;
}

export interface LocalRoute {
  readonly logicalId: string;
  /** `POST /events`, `GET /alerts/{id}`, `ANY /{proxy+}` or `$default`. */
  readonly routeKey: string;
  /** Logical id of the integrated function. */
  readonly functionId: string;
  readonly payloadFormatVersion: string;
  readonly timeoutMs: number;
  readonly authorization: RouteAuthorization;
}

export interface LocalApi {
  readonly logicalId: string;
  readonly name: string;
  readonly apiId: string;
  readonly routes: readonly LocalRoute[];
  /** From the `$default` stage's DefaultRouteSettings. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

export interface LocalLogGroup {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
}

export interface LocalQueue {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** `<SQS endpoint>/<account>/<name>`: what `Ref` resolves to. */
  readonly url: string;
  readonly settings: QueueSettings;
}

/** An `AWS::SQS::Queue`'s properties with CloudFormation's defaults applied; times in seconds. */
export interface QueueSettings {
  readonly fifo: boolean;
  readonly contentBasedDeduplication: boolean;
  readonly deduplicationScope: 'queue' | 'messageGroup';
  readonly delaySeconds: number;
  readonly visibilityTimeout: number;
  readonly messageRetentionPeriod: number;
  readonly receiveMessageWaitTimeSeconds: number;
  readonly maximumMessageSize: number;
  /** Messages received more than `maxReceiveCount` times move to the queue with this ARN. */
  readonly redrivePolicy?: { readonly deadLetterTargetArn: string; readonly maxReceiveCount: number };
}

/** An `AWS::Lambda::EventSourceMapping` from an SQS queue. */
export interface LocalEventSourceMapping {
  readonly logicalId: string;
  /** Logical id of the function. */
  readonly functionId: string;
  readonly queueArn: string;
  readonly batchSize: number;
  readonly maximumBatchingWindowInSeconds: number;
  readonly reportBatchItemFailures: boolean;
  /** ScalingConfig.MaximumConcurrency, when set. */
  readonly maximumConcurrency?: number;
  readonly enabled: boolean;
}

export interface UnsupportedResource {
  readonly logicalId: string;
  readonly type: string;
  readonly reason: string;
}

/** What the Lambda runtime answers for one invocation. */
export type InvokeResult =
  | {
      readonly ok: true;
      readonly payload: unknown;
      readonly durationMs: number;
      readonly coldStart: boolean;
      readonly requestId: string;
    }
  | {
      readonly ok: false;
      readonly error: {
        readonly errorType: string;
        readonly errorMessage: string;
        readonly stack?: readonly string[];
      };
      readonly durationMs: number;
      readonly coldStart: boolean;
      readonly requestId: string;
    };

/** Invokes a local function by logical id, name or ARN (the port the bus and the API server use). */
export interface Invoker {
  invoke(functionRef: string, event: unknown): Promise<InvokeResult>;
}
