import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTracing, traced, tracingEnabled } from '#lib/aws/tracing.ts';

const IN_LAMBDA = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', AWS_LAMBDA_FUNCTION_NAME: 'Vigil-Ingest' };

const xrayMiddleware = (client: DynamoDBClient) =>
  client.middlewareStack.identify().filter((name) => /xray/i.test(name));

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('tracingEnabled', () => {
  it('is on in Lambda unless POWERTOOLS_TRACE_ENABLED is false, and off outside Lambda or in SAM local', () => {
    expect(tracingEnabled(IN_LAMBDA)).toBe(true);
    expect(tracingEnabled({ ...IN_LAMBDA, POWERTOOLS_TRACE_ENABLED: 'true' })).toBe(true);
    expect(tracingEnabled({ ...IN_LAMBDA, POWERTOOLS_TRACE_ENABLED: 'FALSE' })).toBe(false);
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ ...IN_LAMBDA, AWS_SAM_LOCAL: 'true' })).toBe(false);
  });
});

describe('startTracing', () => {
  it('off (the local runtime sets POWERTOOLS_TRACE_ENABLED=false): clients unchanged, a middleware that does nothing', async () => {
    const tracing = await startTracing('ingest', { ...IN_LAMBDA, POWERTOOLS_TRACE_ENABLED: 'false' });
    const client = new DynamoDBClient({ region: 'us-east-1' });
    expect(tracing.capture(client)).toBe(client);
    expect(traced(client)).toBe(client);
    expect(xrayMiddleware(client)).toEqual([]);
    expect(Object.keys(tracing.middleware)).toEqual(['before']);
    expect(tracing.middleware.before?.({} as never)).toBeUndefined();
  });

  it('on in Lambda: the Tracer captures the clients made after it and wraps the handler', async () => {
    // GIVEN a Lambda environment (the Tracer reads process.env itself)
    for (const [key, value] of Object.entries(IN_LAMBDA)) vi.stubEnv(key, value);
    vi.stubEnv('AWS_XRAY_CONTEXT_MISSING', 'IGNORE_ERROR');
    // WHEN tracing starts and a client is made
    const tracing = await startTracing('ingest', process.env);
    const client = traced(new DynamoDBClient({ region: 'us-east-1' }));
    // THEN the client carries X-Ray's middleware and the handler middleware has its phases
    expect(xrayMiddleware(client).length).toBeGreaterThan(0);
    expect(typeof tracing.middleware.before).toBe('function');
    expect(typeof tracing.middleware.after).toBe('function');
    expect(typeof tracing.middleware.onError).toBe('function');
  });
});
