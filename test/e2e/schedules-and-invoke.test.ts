import { readFileSync } from 'node:fs';
import path from 'node:path';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#lib/local/local-account.ts';
import { dynamodb, eventually, tableName, vigil } from './support/client.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The physical name of the stack function whose logical id starts with `prefix`. */
function functionName(prefix: string): string {
  const found = Object.entries(vigil.info.functions).filter(([logicalId]) => logicalId.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one function ${prefix}*, found ${found.length}`);
  return (found[0] as [string, string])[1];
}

/** What the probe recorded under one key: the raw events with the request id of each invocation. */
async function probeRecords(id: string): Promise<{ requestId: string; event: Record<string, unknown> }[]> {
  const { Items } = await dynamodb.send(
    new QueryCommand({
      TableName: tableName('ProbeDeliveries'),
      KeyConditionExpression: 'pk = :id',
      ExpressionAttributeValues: { ':id': { S: id } },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map((item) => ({
    requestId: String(item.sk?.S),
    event: JSON.parse(item.event?.S ?? '{}'),
  }));
}

const lambda = new LambdaClient({
  endpoint: vigil.info.lambdaEndpoint,
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
  maxAttempts: 1,
});

afterAll(() => lambda.destroy());

const decode = (output: InvokeCommandOutput): unknown => JSON.parse(new TextDecoder().decode(output.Payload));

describe('Local runtime: scheduled rules', () => {
  async function probeSchedule(): Promise<{ ruleName: string; ruleArn: string; nextFireAt?: string }> {
    const response = await fetch(`${vigil.info.eventBridgeEndpoint}/_vigil/schedules`);
    const { schedules } = (await response.json()) as {
      schedules: { ruleName: string; ruleArn: string; scheduleExpression: string; nextFireAt?: string }[];
    };
    const found = schedules.find((s) => s.ruleName.startsWith('Vigil-ProbeSchedule'));
    if (!found) throw new Error('the probe schedule is not running');
    expect(found.scheduleExpression).toBe('rate(1 day)');
    return found;
  }

  it('runs the scheduled rule of the template, first due a day after start', async () => {
    // Act
    const schedule = await probeSchedule();

    // Assess
    const dueInMs = Date.parse(schedule.nextFireAt ?? '') - Date.now();
    expect(dueInMs).toBeGreaterThan(23 * 3_600_000);
    expect(dueInMs).toBeLessThanOrEqual(24 * 3_600_000);
    expect(vigil.startupLog.join('\n')).toMatch(
      /\[schedule\] Vigil-ProbeSchedule\w+: rate\(1 day\), next at /,
    );
  });

  it('delivers the Scheduled Event, shaped as EventBridge shapes it, when fired by hand', async () => {
    // Prepare
    const { ruleName, ruleArn } = await probeSchedule();

    // Act
    const response = await fetch(`${vigil.info.eventBridgeEndpoint}/_vigil/schedules/${ruleName}/fire`, {
      method: 'POST',
    });

    // Assess
    expect(response.status).toBe(200);
    const { event } = (await response.json()) as { event: { id: string; time: string } };
    const [record] = await eventually(
      async () => {
        const records = await probeRecords(event.id);
        return records.length > 0 ? records : undefined;
      },
      5_000,
      'the probe to receive the Scheduled Event',
    );
    expect(record?.event).toEqual({
      version: '0',
      id: expect.stringMatching(UUID),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      region: 'us-east-1',
      resources: [ruleArn],
      detail: {},
    });
    expect(record?.event).toEqual(event);
    expect(ruleArn).toBe(`arn:aws:events:us-east-1:000000000000:rule/${ruleName}`);
  });
});

describe('Local runtime: the Lambda Invoke API', () => {
  function authorizerEvent(authorization: string) {
    return {
      version: '2.0',
      type: 'REQUEST',
      routeArn: 'arn:aws:execute-api:us-east-1:000000000000:vigilapi/$default/POST/events',
      identitySource: [authorization],
      routeKey: 'POST /events',
      rawPath: '/events',
      rawQueryString: '',
      headers: { authorization },
      requestContext: { http: { method: 'POST', path: '/events' } },
    };
  }

  /** What the probe reads of an EventBridge event, sent to it directly. */
  function probeEvent(detail: Record<string, unknown>) {
    return { id: 'direct', source: 'e2e.invoke', 'detail-type': 'direct', detail };
  }

  it('records its endpoint in .vigil/runtime.json', () => {
    // Act
    const info = JSON.parse(readFileSync(path.join(vigil.stateDir, 'runtime.json'), 'utf8'));

    // Assess
    expect(info.lambdaEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.lambdaEndpoint).toBe(vigil.info.lambdaEndpoint);
    expect(Object.keys(info.functions).some((id) => id.startsWith('IngestFunction'))).toBe(true);
  });

  it('runs the real authorizer bundle on an InvokeCommand with a synthetic API Gateway event', async () => {
    // Prepare
    const FunctionName = functionName('ProducerAuthAuthorizerFunction');

    // Act
    const allowed = await lambda.send(
      new InvokeCommand({
        FunctionName,
        Payload: JSON.stringify(authorizerEvent(`Bearer ${vigil.config.producerKey}`)),
      }),
    );
    const refused = await lambda.send(
      new InvokeCommand({
        FunctionName,
        Payload: JSON.stringify(authorizerEvent('Bearer vgl_notAKeyAtAllxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')),
      }),
    );

    // Assess
    expect(allowed.StatusCode).toBe(200);
    expect(allowed.FunctionError).toBeUndefined();
    expect(decode(allowed)).toMatchObject({ isAuthorized: true, context: { producer: 'local' } });
    expect(decode(refused)).toEqual({ isAuthorized: false, context: {} });
  });

  it('answers a handler error with X-Amz-Function-Error: Unhandled and the error payload', async () => {
    // Prepare
    const id = ulid();

    // Act
    const output = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName('Probe'),
        Payload: JSON.stringify(probeEvent({ id, data: { probe: 'fail' } })),
      }),
    );

    // Assess
    expect(output.FunctionError).toBe('Unhandled');
    expect(decode(output)).toMatchObject({
      errorType: 'Error',
      errorMessage: `probe asked to fail (${id})`,
      trace: expect.arrayContaining([expect.stringContaining('probe asked to fail')]),
    });
  });

  it('answers 202 to an Event invocation and runs the function under the answered request id', async () => {
    // Prepare
    const id = ulid();

    // Act
    const output = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName('Probe'),
        InvocationType: 'Event',
        Payload: JSON.stringify(probeEvent({ id })),
      }),
    );

    // Assess
    expect(output.StatusCode).toBe(202);
    const [record] = await eventually(
      async () => {
        const records = await probeRecords(id);
        return records.length > 0 ? records : undefined;
      },
      5_000,
      'the asynchronous invocation',
    );
    expect(record?.requestId).toBe(output.$metadata.requestId);
  });

  it('fails an unknown function with ResourceNotFoundException', async () => {
    // Act
    const error = await lambda.send(new InvokeCommand({ FunctionName: 'Vigil-Nope' })).catch((e: Error) => e);

    // Assess
    expect(error).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:Vigil-Nope',
    });
  });
});
