import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { VigilError } from '#lib/core/errors.ts';
import { DependencyUnavailableError } from '#lib/core/ingest/errors.ts';
import type { Log } from '#lib/core/ingest/ports.ts';
import { type ErrorBody, errorBodyOf } from '#lib/core/ingest/results.ts';
import { jsonResponse } from './http.ts';
import { isRetryableAwsError } from './retry.ts';

type HttpResult = APIGatewayProxyStructuredResultV2;

/** A domain error answered with more than its body, e.g. the module state that refused a transition. */
export class ErrorWithContext extends Error {
  constructor(
    readonly error: VigilError,
    readonly context: Readonly<Record<string, unknown>>,
  ) {
    super(error.message, { cause: error });
    this.name = 'ErrorWithContext';
  }
}

/** `{error: {code, message, field?, retryable?}, ...context}` with the given status. */
export function errorResponse(
  error: ErrorBody,
  status: number,
  context: Readonly<Record<string, unknown>> = {},
): HttpResult {
  return jsonResponse(status, { error, ...context });
}

const INTERNAL_BODY = { error: { code: 'INTERNAL', message: 'internal error' } };

export interface HttpErrorsOptions {
  /** Answers only the invocations this accepts (a function also invoked directly lets those errors throw). */
  readonly when?: (event: unknown) => boolean;
}

/** What to log with an unexpected failure: the request ids, the route and the event id if the path names one. */
function requestFacts(event: unknown, context: Context | undefined): Record<string, unknown> {
  const http = (event ?? {}) as {
    routeKey?: string;
    requestContext?: { requestId?: string };
    pathParameters?: Record<string, string | undefined>;
  };
  const eventId = http.routeKey?.includes('/events/{id}') ? http.pathParameters?.id : undefined;
  return {
    route: http.routeKey,
    requestId: http.requestContext?.requestId,
    awsRequestId: context?.awsRequestId,
    ...(http.pathParameters ? { pathParameters: http.pathParameters } : {}),
    ...(eventId === undefined ? {} : { eventId }),
  };
}

/**
 * The answer to anything a route threw: a domain error with its own status and body (a 503 says
 * `retryable`), an AWS outage as 503 DEPENDENCY_UNAVAILABLE, anything else as an opaque 500
 * INTERNAL. What is not a domain error is logged whole first.
 */
export function answerForError(
  thrown: unknown,
  log: Pick<Log, 'error'>,
  event?: unknown,
  context?: Context,
): HttpResult {
  const { error, extra } =
    thrown instanceof ErrorWithContext
      ? { error: thrown.error, extra: thrown.context }
      : { error: thrown, extra: {} };
  if (error instanceof VigilError && error.expose)
    return errorResponse(errorBodyOf(error, error.retryable ? true : undefined), error.status, extra);
  log.error('request failed', { ...requestFacts(event, context), error: error as Error });
  if (isRetryableAwsError(error)) {
    const unavailable = new DependencyUnavailableError('a dependency is unavailable; retry later');
    return errorResponse(errorBodyOf(unavailable, true), unavailable.status);
  }
  return jsonResponse(500, INTERNAL_BODY);
}

/**
 * The one error-to-HTTP middleware of every HTTP function (as middy's http-error-handler): turns
 * what the handler threw into the response; put it last in `.use()` so that it runs first on error,
 * while the logger still has the request's keys.
 */
export function httpErrors(
  log: Pick<Log, 'error'>,
  options: HttpErrorsOptions = {},
): MiddlewareObj<unknown, unknown, Error, Context> {
  return {
    onError: async (request) => {
      if (request.response !== undefined) return;
      if (options.when && !options.when(request.event)) return;
      request.response = answerForError(request.error, log, request.event, request.context);
    },
  };
}
