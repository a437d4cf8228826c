import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDbLocal, startDynamoDbLocal } from '../dynamodb-server.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local-account.ts';
import { ensureTables } from '../template-tables.ts';
import type { Topology } from '../topology.ts';
import { TtlSweeper } from '../ttl-sweeper.ts';
import type { StartStage } from './stage.ts';

export interface LocalData {
  readonly dynamodb: DynamoDbLocal;
  /** A client of the local DynamoDB, for the runtime's own reads and writes. */
  readonly client: DynamoDBClient;
}

/** DynamoDB Local with the template's tables, and the sweeper that emulates their TTL. */
export async function startData(stage: StartStage, topology: Topology): Promise<LocalData> {
  const { options, log } = stage;
  const dynamodb = await startDynamoDbLocal({
    ...(options.inMemory ? {} : { dataDir: path.join(stage.stateDir, 'dynamodb') }),
    onWarning: (message) => log(`[dynamodb] WARNING: ${message}`),
  });
  if (dynamodb.loopbackOnly) log(`[dynamodb] DynamoDB Local on ${dynamodb.endpoint} (loopback only)`);
  stage.onStop(() => dynamodb.stop());
  const client = new DynamoDBClient({
    endpoint: dynamodb.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  stage.onStop(() => client.destroy());
  await ensureTables(client, topology.tables);
  const sweeper = new TtlSweeper({
    client,
    tables: topology.tables,
    ...(options.ttlSweepIntervalMs ? { intervalMs: options.ttlSweepIntervalMs } : {}),
    onSweep: (table, deleted) => log(`[dynamodb] TTL removed ${deleted} expired item(s) from ${table}`),
  });
  sweeper.start();
  stage.onStop(() => sweeper.stop());
  return { dynamodb, client };
}
