import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createAdminDeps } from '../../lib/aws/admin-deps.ts';
import { createAdminHttpHandler } from '../../lib/aws/admin-http.ts';
import { createLogger } from '../../lib/aws/observability.ts';
import { adminEnvSchema, loadEnv } from '../../lib/core/config.ts';

const env = loadEnv(adminEnvSchema, process.env);
const logger = createLogger('admin');

/** The admin API behind IAM (SigV4) authorization: burst counts, alerts, silences. */
export const handler = middy(createAdminHttpHandler(createAdminDeps(env, {}, logger), logger)).use(
  injectLambdaContext(logger, { resetKeys: true }),
);
