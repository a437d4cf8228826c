import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import middy from '@middy/core';
import { ulid } from 'ulid';
import { createModuleService } from '../../lib/aws/module-deps.ts';
import { createLogger } from '../../lib/aws/observability.ts';
import { createStateHandler } from '../../lib/aws/state-handler.ts';
import { loadEnv, stateEnvSchema } from '../../lib/core/config.ts';

const env = loadEnv(stateEnvSchema, process.env);
const logger = createLogger('state');

/** Target of the state rule: `state.<EVENT>` events, applied per module in order and priority. */
export const handler = middy(
  createStateHandler({
    modules: createModuleService({
      tableName: env.MODULES_TABLE_NAME,
      busName: env.EVENT_BUS_NAME,
      reorderWindowMs: env.REORDER_WINDOW_MS,
      dynamodb: new DynamoDBClient({}),
      eventBridge: new EventBridgeClient({}),
      log: logger,
      newId: () => ulid(),
    }),
    log: logger,
  }),
).use(injectLambdaContext(logger, { resetKeys: true }));
