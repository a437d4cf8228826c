import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import { createAdminHttpHandler } from '../../lib/aws/admin-http.ts';
import { DynamoDedupStore } from '../../lib/aws/dedup-store.ts';
import { createLogger } from '../../lib/aws/observability.ts';
import { adminEnvSchema, loadEnv } from '../../lib/core/config.ts';

const env = loadEnv(adminEnvSchema, process.env);
const logger = createLogger('admin');
const dedup = new DynamoDedupStore({
  tableName: env.DEDUP_TABLE_NAME,
  client: new DynamoDBClient({}),
  burstCountRetentionSeconds: env.HISTORY_RETENTION_SECONDS,
});

/** The admin API behind IAM (SigV4) authorization. */
export const handler = middy(
  createAdminHttpHandler({
    dedup,
    burstDefault: { threshold: env.BURST_THRESHOLD, windowSeconds: env.BURST_WINDOW_SECONDS },
    burstOverrides: env.BURST_OVERRIDES,
    now: Date.now,
  }),
).use(injectLambdaContext(logger, { resetKeys: true }));
