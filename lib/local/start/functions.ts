import { SDK_WARNING_SWITCH } from '../console-filter.ts';
import { AsyncInvocations, LAMBDA_ASYNC_RETRY_DELAYS_MS } from '../lambda/async-invocations.ts';
import { type LocalLambdaApiServer, startLocalLambdaApi } from '../lambda/invoke-server.ts';
import { LocalLambdaRuntime } from '../lambda/lambda-runtime.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local-account.ts';
import type { Topology } from '../topology.ts';
import type { LateFunctions } from './late-functions.ts';
import { describeAsync, shortName } from './lines.ts';
import type { StartStage } from './stage.ts';

/** The endpoints the functions' SDK clients reach through `AWS_ENDPOINT_URL_<SERVICE>`. */
export interface ServiceEndpoints {
  readonly dynamodb: string;
  readonly eventBridge: string;
  readonly sqs: string;
}

export interface LocalFunctions {
  readonly lambda: LocalLambdaRuntime;
  /** `Event` invocations made through the Lambda endpoint. */
  readonly asyncInvocations: AsyncInvocations;
  readonly lambdaApi: LocalLambdaApiServer;
}

function baseEnvironment(endpoints: ServiceEndpoints, lambdaEndpoint: string): Record<string, string> {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.eventBridge,
    AWS_ENDPOINT_URL_LAMBDA: lambdaEndpoint,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    // Embedded metrics are CloudWatch's business; locally they would only flood the console.
    POWERTOOLS_METRICS_DISABLED: 'true',
    // No X-Ray daemon locally: the functions then skip importing the Tracer (lib/aws/tracing.ts).
    POWERTOOLS_TRACE_ENABLED: 'false',
    // The SDK's Node-version warning, once per worker, would flood the console; npm start says it once.
    ...SDK_WARNING_SWITCH,
  };
}

/**
 * The Lambda endpoint with its async invocations, then every function's bundle in the local Lambda
 * runtime (set into `late`, which the bus and the endpoint call through).
 */
export async function startFunctions(
  stage: StartStage,
  topology: Topology,
  endpoints: ServiceEndpoints,
  late: LateFunctions,
): Promise<LocalFunctions> {
  const { options, log, stackName } = stage;
  const asyncRetryDelayMs = options.asyncRetryDelayMs ?? (LAMBDA_ASYNC_RETRY_DELAYS_MS[0] as number);
  const asyncInvocations = new AsyncInvocations({
    target: late,
    retryDelaysMs: [asyncRetryDelayMs, 2 * asyncRetryDelayMs],
    onEvent: (line) => {
      if (line.outcome !== 'succeeded') log(describeAsync(line, stackName));
    },
  });
  const { region, accountId } = topology;
  const lambdaApi = await startLocalLambdaApi({ functions: late, asyncInvocations, region, accountId });
  stage.onStop(() => lambdaApi.close());

  const lambda = new LocalLambdaRuntime({
    functions: topology.functions,
    baseEnvironment: baseEnvironment(endpoints, lambdaApi.endpoint),
    onLog: (name, requestId, line) => {
      if (!line.trim()) return;
      (options.functionLog ?? log)(
        `[${shortName(name, stackName)}${requestId ? ` ${requestId.slice(0, 8)}` : ''}] ${line}`,
      );
    },
  });
  late.set(lambda);
  stage.onStop(() => lambda.close());
  // Stopped before the runtime: waiting retries are dropped, not run against closed workers.
  stage.onStop(() => asyncInvocations.close());
  return { lambda, asyncInvocations, lambdaApi };
}
