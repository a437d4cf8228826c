import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AsyncInvocationLog, AsyncInvocations } from '#lib/local/lambda/async-invocations.ts';
import { type LocalLambdaApiServer, startLocalLambdaApi } from '#lib/local/lambda/invoke-server.ts';
import { LocalLambdaRuntime } from '#lib/local/lambda/lambda-runtime.ts';
import type { LocalFunction } from '#lib/local/topology.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const ARN_PREFIX = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:`;

function fixture(module: string): LocalFunction {
  const name = `vigil-${module}`;
  return {
    logicalId: `${module.replaceAll('-', '')}Function1A2B3C4D`,
    name,
    arn: `${ARN_PREFIX}${name}`,
    codeDir: FIXTURES,
    handler: `${module}.handler`,
    runtime: 'nodejs22.x',
    timeoutSeconds: 10,
    memoryMb: 256,
    environment: {},
  };
}

const FUNCTIONS = ['echo', 'throws', 'counter', 'invoke-other'].map(fixture);

let runtime: LocalLambdaRuntime;
let asyncInvocations: AsyncInvocations;
let api: LocalLambdaApiServer;
let client: LambdaClient;
let asyncLog: AsyncInvocationLog[] = [];

beforeAll(async () => {
  // The endpoint must exist before the functions get its URL: reach the runtime lazily.
  const lazy = () => runtime;
  asyncInvocations = new AsyncInvocations({
    target: { invoke: (ref, event, options) => lazy().invoke(ref, event, options) },
    retryDelaysMs: [20, 40],
    onEvent: (line) => asyncLog.push(line),
  });
  api = await startLocalLambdaApi({
    functions: {
      resolve: (ref) => lazy().resolve(ref),
      invoke: (ref, event, options) => lazy().invoke(ref, event, options),
    },
    asyncInvocations,
    region: REGION,
    accountId: ACCOUNT,
  });
  runtime = new LocalLambdaRuntime({
    functions: FUNCTIONS,
    baseEnvironment: {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_LAMBDA: api.endpoint,
    },
    onLog: () => undefined,
  });
  client = new LambdaClient({
    endpoint: api.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  asyncInvocations.close();
  await runtime.close();
  await api.close();
});

beforeEach(() => {
  asyncLog = [];
});

const decode = (output: InvokeCommandOutput): unknown =>
  output.Payload && output.Payload.length > 0
    ? JSON.parse(new TextDecoder().decode(output.Payload))
    : undefined;

async function failure(
  promise: Promise<unknown>,
): Promise<Error & { $metadata: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { $metadata: { httpStatusCode?: number } };
  }
  throw new Error('expected the request to fail');
}

describe('Function: startLocalLambdaApi, with @aws-sdk/client-lambda', () => {
  describe('RequestResponse', () => {
    it('answers 200 with the payload, the executed version and the request id of the invocation', async () => {
      // Act
      const output = await client.send(
        new InvokeCommand({ FunctionName: 'vigil-echo', Payload: JSON.stringify({ hello: 'world' }) }),
      );

      // Assess
      expect(output.StatusCode).toBe(200);
      expect(output.ExecutedVersion).toBe('$LATEST');
      expect(output.FunctionError).toBeUndefined();
      expect(decode(output)).toEqual({
        event: { hello: 'world' },
        awsRequestId: output.$metadata.requestId,
        invokedFunctionArn: `${ARN_PREFIX}vigil-echo`,
      });
    });

    it.each([
      ['the name', 'vigil-echo', undefined, `${ARN_PREFIX}vigil-echo`],
      ['the full ARN', `${ARN_PREFIX}vigil-echo`, undefined, `${ARN_PREFIX}vigil-echo`],
      ['a partial ARN', `${ACCOUNT}:function:vigil-echo`, undefined, `${ARN_PREFIX}vigil-echo`],
      ['the logical id', 'echoFunction1A2B3C4D', undefined, `${ARN_PREFIX}vigil-echo`],
      ['the name with a qualifier', 'vigil-echo:live', undefined, `${ARN_PREFIX}vigil-echo:live`],
      ['the name and a Qualifier', 'vigil-echo', '$LATEST', `${ARN_PREFIX}vigil-echo:$LATEST`],
    ])('finds the function by %s', async (_case, FunctionName, Qualifier, invokedFunctionArn) => {
      // Act
      const output = await client.send(new InvokeCommand({ FunctionName, Qualifier }));

      // Assess
      expect(output.StatusCode).toBe(200);
      expect(decode(output)).toMatchObject({ event: {}, invokedFunctionArn });
    });

    it('answers a thrown error with X-Amz-Function-Error: Unhandled and the error payload', async () => {
      // Act
      const output = await client.send(new InvokeCommand({ FunctionName: 'vigil-throws' }));

      // Assess
      expect(output.StatusCode).toBe(200);
      expect(output.FunctionError).toBe('Unhandled');
      expect(decode(output)).toEqual({
        errorType: 'ProducerRejected',
        errorMessage: expect.stringMatching(/^refused call \d+$/),
        trace: expect.arrayContaining([expect.stringContaining('ProducerRejected: refused call')]),
      });
    });

    it('lets a function invoke another through AWS_ENDPOINT_URL_LAMBDA', async () => {
      // Act
      const output = await client.send(
        new InvokeCommand({
          FunctionName: 'vigil-invoke-other',
          Payload: JSON.stringify({ target: 'vigil-echo', payload: { from: 'other' } }),
        }),
      );

      // Assess
      expect(output.FunctionError).toBeUndefined();
      expect(decode(output)).toMatchObject({
        StatusCode: 200,
        payload: { event: { from: 'other' }, invokedFunctionArn: `${ARN_PREFIX}vigil-echo` },
      });
    });
  });

  describe('Event', () => {
    it('answers 202 at once and runs the function in the background under the answered request id', async () => {
      // Act
      const output = await client.send(
        new InvokeCommand({ FunctionName: 'vigil-echo', InvocationType: 'Event', Payload: '{"n":1}' }),
      );
      await asyncInvocations.idle();

      // Assess
      expect(output.StatusCode).toBe(202);
      expect(decode(output)).toBeUndefined();
      expect(asyncLog).toEqual([
        {
          outcome: 'succeeded',
          functionRef: `${ARN_PREFIX}vigil-echo`,
          requestId: output.$metadata.requestId,
          attempt: 0,
        },
      ]);
    });

    it('retries a failing function twice with the same request id, then drops the event', async () => {
      // Act
      const output = await client.send(
        new InvokeCommand({ FunctionName: 'vigil-throws', InvocationType: 'Event' }),
      );
      await asyncInvocations.idle();

      // Assess
      expect(output.StatusCode).toBe(202);
      expect(asyncLog.map((line) => [line.outcome, line.attempt, line.requestId])).toEqual([
        ['retrying', 0, output.$metadata.requestId],
        ['retrying', 1, output.$metadata.requestId],
        ['dropped', 2, output.$metadata.requestId],
      ]);
      expect(asyncLog[2]?.error).toMatch(/^ProducerRejected: refused call \d+$/);
    });

    it('lets a function invoke another asynchronously', async () => {
      // Act
      const output = await client.send(
        new InvokeCommand({
          FunctionName: 'vigil-invoke-other',
          Payload: JSON.stringify({ target: 'vigil-counter', invocationType: 'Event' }),
        }),
      );
      await asyncInvocations.idle();

      // Assess
      expect(decode(output)).toEqual({ StatusCode: 202 });
      expect(asyncLog).toEqual([
        expect.objectContaining({ outcome: 'succeeded', functionRef: `${ARN_PREFIX}vigil-counter` }),
      ]);
    });
  });

  describe('DryRun', () => {
    it('answers 204 without running the function', async () => {
      // Prepare
      const before = runtime.stats()['vigil-counter']?.invocations;

      // Act
      const output = await client.send(
        new InvokeCommand({ FunctionName: 'vigil-counter', InvocationType: 'DryRun' }),
      );

      // Assess
      expect(output.StatusCode).toBe(204);
      expect(runtime.stats()['vigil-counter']?.invocations).toBe(before);
    });
  });

  describe('errors', () => {
    it('fails an unknown function with ResourceNotFoundException quoting its ARN', async () => {
      // Act
      const error = await failure(client.send(new InvokeCommand({ FunctionName: 'nope' })));

      // Assess
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe(`Function not found: ${ARN_PREFIX}nope`);
      expect(error.$metadata.httpStatusCode).toBe(404);
    });

    it('answers the unknown function in the shape Lambda does, on the wire', async () => {
      // Act
      const response = await fetch(`${api.endpoint}/2015-03-31/functions/nope/invocations?Qualifier=7`, {
        method: 'POST',
        body: '{}',
      });

      // Assess
      expect(response.status).toBe(404);
      expect(response.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
      expect(await response.json()).toEqual({
        Type: 'User',
        message: `Function not found: ${ARN_PREFIX}nope:7`,
      });
    });

    it('fails a payload that is not JSON with InvalidRequestContentException', async () => {
      // Act
      const error = await failure(
        client.send(
          new InvokeCommand({ FunctionName: 'vigil-echo', Payload: new TextEncoder().encode('{not json') }),
        ),
      );

      // Assess
      expect(error.name).toBe('InvalidRequestContentException');
      expect(error.$metadata.httpStatusCode).toBe(400);
    });

    it('fails a qualifier that contradicts the one in the name with InvalidParameterValueException', async () => {
      // Act
      const error = await failure(
        client.send(new InvokeCommand({ FunctionName: 'vigil-echo:live', Qualifier: '3' })),
      );

      // Assess
      expect(error.name).toBe('InvalidParameterValueException');
    });

    it('fails an Event payload over 1 MB with RequestEntityTooLargeException', async () => {
      // Act
      const error = await failure(
        client.send(
          new InvokeCommand({
            FunctionName: 'vigil-echo',
            InvocationType: 'Event',
            Payload: JSON.stringify({ blob: 'x'.repeat(1024 * 1024) }),
          }),
        ),
      );

      // Assess
      expect(error.name).toBe('RequestEntityTooLargeException');
      expect(error.$metadata.httpStatusCode).toBe(413);
    });

    it('fails an unknown invocation type with ValidationException', async () => {
      // Act
      const response = await fetch(`${api.endpoint}/2015-03-31/functions/vigil-echo/invocations`, {
        method: 'POST',
        headers: { 'x-amz-invocation-type': 'Later' },
        body: '{}',
      });

      // Assess
      expect(response.status).toBe(400);
      expect(response.headers.get('x-amzn-errortype')).toBe('ValidationException');
    });

    it('answers another path with UnknownOperationException', async () => {
      // Act
      const response = await fetch(`${api.endpoint}/2015-03-31/functions/vigil-echo`);

      // Assess
      expect(response.status).toBe(404);
      expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    });
  });
});
