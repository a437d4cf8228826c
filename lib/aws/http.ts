import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { VigilError } from '../core/errors.ts';
import { type ErrorBody, errorBodyOf } from '../core/ingest/results.ts';
import { isRetryableAwsError } from './retry.ts';

export const RETRY_AFTER_SECONDS = 2;

/** HTTP status for each stable error code; anything unknown is a 500 that leaks no detail. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  MALFORMED_BODY: 400,
  BODY_TOO_LARGE: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  CALLER_UNKNOWN: 403,
  SOURCE_NOT_ALLOWED: 403,
  DUPLICATE_ID_IN_BATCH: 400,
  MODULE_NOT_ALLOWED: 403,
  COMMAND_NOT_ALLOWED: 403,
  ROUTE_NOT_FOUND: 404,
  ALERT_NOT_FOUND: 404,
  SILENCE_NOT_FOUND: 404,
  ILLEGAL_TRANSITION: 409,
  ALERT_CONFLICT: 409,
  INVALID_TRANSITION: 409,
  UNKNOWN_STATE_EVENT: 400,
  OVERRIDE_NOT_ALLOWED: 403,
  MODULE_NOT_FOUND: 404,
  EVENT_NOT_FOUND: 404,
  REPLAY_NOT_FOUND: 404,
  REPLAY_FINISHED: 409,
  SUBSCRIPTION_NOT_FOUND: 404,
  SUBSCRIPTION_EXISTS: 409,
  SUBSCRIPTION_CONFLICT: 409,
  STATE_CONTENTION: 503,
  IN_PROGRESS: 503,
  DEPENDENCY_UNAVAILABLE: 503,
};

export function statusOf(code: string): number {
  return STATUS_BY_CODE[code] ?? 500;
}

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  const retry: Record<string, string> =
    statusCode === 503 ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {};
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...retry, ...headers },
    body: JSON.stringify(body),
  };
}

export function errorResponse(
  error: ErrorBody,
  extra: Record<string, unknown> = {},
): APIGatewayProxyStructuredResultV2 {
  return jsonResponse(statusOf(error.code), { error, ...extra });
}

/** Maps anything thrown to a response: domain errors by code, AWS outages to 503, the rest to an opaque 500. */
export function responseForThrown(error: unknown): APIGatewayProxyStructuredResultV2 {
  if (error instanceof VigilError)
    return errorResponse(errorBodyOf(error, statusOf(error.code) === 503 ? true : undefined));
  if (isRetryableAwsError(error)) {
    return errorResponse({
      code: 'DEPENDENCY_UNAVAILABLE',
      message: 'a dependency is unavailable; retry later',
      retryable: true,
    });
  }
  return jsonResponse(500, { error: { code: 'INTERNAL', message: 'internal error' } });
}
