import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '#lib/aws/env.ts';
import { ErrorWithContext, httpErrors } from '#lib/aws/http-errors.ts';
import { AlertNotFoundError } from '#lib/core/alerts/errors.ts';
import { DependencyUnavailableError, UnauthenticatedError } from '#lib/core/ingest/errors.ts';
import { InvalidTransitionError, StateContentionError } from '#lib/core/state/errors.ts';
import { ValidationError } from '#lib/core/validation.ts';
import { captureLog, lambdaContext } from '../support/ingest.ts';

const httpEvent = {
  routeKey: 'GET /events/{id}',
  pathParameters: { id: '01JCQ5X8ZK3T0M2V9W4Y6B7N1P' },
  requestContext: { requestId: 'req-1' },
};

/** A handler that throws `error`, served behind the middleware. */
function throwing(error: unknown, options: Parameters<typeof httpErrors>[1] = {}) {
  const log = captureLog();
  const handler = middy(async (_event: unknown, _context: Context): Promise<unknown> => {
    throw error;
  }).use(httpErrors(log, options));
  return { log, call: (event: unknown = httpEvent) => handler(event, lambdaContext('admin')) };
}

const bodyOf = (response: unknown) => JSON.parse((response as { body: string }).body);

describe('Function: httpErrors', () => {
  it('answers a domain error with the status and body its class carries', async () => {
    // Prepare
    const { call, log } = throwing(new ValidationError('windows', 'must be a whole number'));

    // Act
    const response = await call();

    // Assess
    expect(response).toMatchObject({ statusCode: 400, headers: { 'content-type': 'application/json' } });
    expect(bodyOf(response)).toEqual({
      error: { code: 'VALIDATION_FAILED', field: 'windows', message: 'windows: must be a whole number' },
    });
    expect(log.lines).toEqual([]);
  });

  it.each([
    [new UnauthenticatedError('a key is required'), 401],
    [new AlertNotFoundError('id: no alert x', { field: 'id' }), 404],
    [new InvalidTransitionError('SHUTDOWN', 'lifecycle', 'Offline', undefined), 409],
  ])('answers %s with %i', async (error, status) => {
    const response = await throwing(error).call();
    expect((response as { statusCode: number }).statusCode).toBe(status);
    expect(bodyOf(response).error.code).toBe(error.code);
  });

  it('marks a 503 retryable and says when to retry', async () => {
    // Act
    const response = await throwing(new StateContentionError('busy module')).call();

    // Assess
    expect(response).toMatchObject({ statusCode: 503, headers: { 'retry-after': '2' } });
    expect(bodyOf(response)).toEqual({
      error: { code: 'STATE_CONTENTION', message: 'busy module', retryable: true },
    });
  });

  it('adds the context an ErrorWithContext carries beside the error', async () => {
    // Prepare
    const refusal = new InvalidTransitionError('SHUTDOWN', 'lifecycle', 'Offline', undefined);

    // Act
    const response = await throwing(new ErrorWithContext(refusal, { module: { name: 'm1' } })).call();

    // Assess
    expect((response as { statusCode: number }).statusCode).toBe(409);
    expect(bodyOf(response)).toEqual({
      error: { code: 'INVALID_TRANSITION', message: 'No transition for SHUTDOWN from Offline' },
      module: { name: 'm1' },
    });
  });

  it('logs an unexpected error whole with the request ids and answers a bare 500', async () => {
    // Prepare
    const failure = new Error('disk on fire');
    const { call, log } = throwing(failure);

    // Act
    const response = await call();

    // Assess
    expect((response as { statusCode: number }).statusCode).toBe(500);
    expect(bodyOf(response)).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({
      level: 'error',
      message: 'request failed',
      extra: {
        route: 'GET /events/{id}',
        requestId: 'req-1',
        eventId: httpEvent.pathParameters.id,
        error: failure,
      },
    });
    expect(log.lines[0]?.extra.awsRequestId).toEqual(expect.any(String));
  });

  it('hides a domain error that carries no client status (500) like any other failure', async () => {
    // Act
    const { call, log } = throwing(new ConfigError('environment variable X: is required'));
    const response = await call();

    // Assess
    expect(bodyOf(response)).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
    expect(log.lines.map((line) => line.message)).toEqual(['request failed']);
  });

  it('answers an AWS outage as 503 DEPENDENCY_UNAVAILABLE without its details', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded on table secret-table'), {
      name: 'ThrottlingException',
    });

    // Act
    const response = await throwing(throttled).call();

    // Assess
    expect((response as { statusCode: number }).statusCode).toBe(503);
    expect(bodyOf(response)).toEqual({
      error: {
        code: new DependencyUnavailableError('x').code,
        message: 'a dependency is unavailable; retry later',
        retryable: true,
      },
    });
    expect((response as { body: string }).body).not.toContain('secret-table');
  });

  it('lets the errors of invocations it does not answer throw', async () => {
    // Prepare
    const failure = new ValidationError('from', 'is required');
    const { call } = throwing(failure, {
      when: (event) => typeof event === 'object' && event !== null && 'routeKey' in event,
    });

    // Act / Assess
    await expect(call({ from: 'x' })).rejects.toBe(failure);
    await expect(call()).resolves.toMatchObject({ statusCode: 400 });
  });
});
