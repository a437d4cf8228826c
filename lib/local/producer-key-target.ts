import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoProducerKeyStore } from '#lib/aws/producer-key-store.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#lib/local/local-account.ts';
import { LocalRuntimeNotFoundError, runningRuntime, stateDirOf } from '#lib/local/runtime-locator.ts';

/** Where producer keys live: a named table (AWS, or any endpoint), else the running local runtime's. */
export interface ProducerKeyTarget {
  /** The table (stack output ProducerKeysTable); without it, the local runtime's table. */
  readonly table?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
  /** The local runtime's state folder (default: `$VIGIL_STATE_DIR`, else the project's `.vigil`). */
  readonly stateDir?: string | undefined;
}

/**
 * The key store a command should use. With `table`, that table through the default AWS
 * configuration (or `endpoint`/`region`); without, the table of the local runtime running from the
 * state folder, on its DynamoDB Local with the local credentials.
 */
export function openProducerKeyStore(
  target: ProducerKeyTarget,
  env: NodeJS.ProcessEnv = process.env,
): DynamoProducerKeyStore {
  if (target.table) {
    const client = new DynamoDBClient({
      ...(target.endpoint ? { endpoint: target.endpoint } : {}),
      ...(target.region ? { region: target.region } : {}),
    });
    return new DynamoProducerKeyStore({ tableName: target.table, client });
  }
  const local = runningRuntime(stateDirOf(target.stateDir, env));
  if (!local.producerKeysTable)
    throw new LocalRuntimeNotFoundError('the running local runtime has no producer keys table');
  const client = new DynamoDBClient({
    endpoint: local.dynamodbEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  return new DynamoProducerKeyStore({ tableName: local.producerKeysTable, client });
}
