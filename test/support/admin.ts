import { randomUUID } from 'node:crypto';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import { createAdminDeps } from '#lib/aws/admin-deps.ts';
import { adminEnvSchema } from '#lib/aws/admin-env.ts';
import { type AdminDeps, createAdminHttpHandler } from '#lib/aws/admin-http.ts';
import { loadEnv } from '#lib/aws/env.ts';
import type { RetryPolicy } from '#lib/aws/retry.ts';
import type { AnnouncementCounters } from '#lib/core/announcements/outbox.ts';
import type { Log } from '#lib/core/ingest/ports.ts';
import type { TestTables } from './dynamodb.ts';
import { answeringErrors } from './http.ts';

/** The admin function's routes behind the one error middleware, as `functions/admin` serves them. */
export function adminHttpHandler(deps: AdminDeps, log?: Pick<Log, 'error'>) {
  return answeringErrors(createAdminHttpHandler(deps), log);
}

/** The admin function's dependencies on the test tables (its bus client is meant to be mocked). */
export function adminDepsFor(
  tables: TestTables,
  options: { counters?: AnnouncementCounters; retry?: RetryPolicy; now?: () => number } = {},
) {
  return createAdminDeps(
    loadEnv(adminEnvSchema, {
      ANNOUNCEMENTS_TABLE_NAME: tables.announcements,
      HISTORY_TABLE_NAME: tables.history,
      DEDUP_TABLE_NAME: tables.dedup,
      ALERTS_TABLE_NAME: tables.alerts,
      MODULES_TABLE_NAME: tables.modules,
      EVENT_BUS_NAME: 'vigil-test',
    }),
    {
      dynamodb: tables.client,
      eventBridge: new EventBridgeClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      }),
      ...options,
    },
    { error: () => undefined, warn: () => undefined, info: () => undefined },
  );
}

/** An IAM-authorized API Gateway (payload 2.0) request for an admin route. */
export function adminEvent(
  routeKey: string,
  query?: Record<string, string>,
): APIGatewayProxyEventV2WithIAMAuthorizer {
  return {
    version: '2.0',
    routeKey,
    rawPath: routeKey.split(' ')[1] ?? '/',
    rawQueryString: new URLSearchParams(query).toString(),
    headers: {},
    isBase64Encoded: false,
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      requestId: randomUUID(),
      routeKey,
    } as APIGatewayProxyEventV2WithIAMAuthorizer['requestContext'],
  } as APIGatewayProxyEventV2WithIAMAuthorizer;
}
