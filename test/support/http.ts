import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { httpErrors } from '#lib/aws/http-errors.ts';
import type { Log } from '#lib/core/ingest/ports.ts';

const quiet: Pick<Log, 'error'> = { error: () => undefined };

function testContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test',
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/test',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** A route handler as its function serves it: behind the one `httpErrors` middleware. */
export function answeringErrors<E>(
  handler: (event: E, context: Context) => Promise<APIGatewayProxyStructuredResultV2>,
  log: Pick<Log, 'error'> = quiet,
): (event: E, context?: Context) => Promise<APIGatewayProxyStructuredResultV2> {
  const wrapped = middy(handler).use(httpErrors(log));
  return (event, context) =>
    wrapped(event, context ?? testContext()) as Promise<APIGatewayProxyStructuredResultV2>;
}
