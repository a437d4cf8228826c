import { rmSync } from 'node:fs';
import path from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoProducerKeyStore } from '#lib/aws/producer-key-store.ts';
import {
  LOCAL_CONFIG_FILE,
  type LocalConfig,
  localConfigSchema,
  RUNTIME_INFO_FILE,
  type RuntimeInfo,
  readJsonFile,
  writeJsonFile,
} from '../local-config.ts';
import type { Topology } from '../topology.ts';
import type { StartStage } from './stage.ts';

/** Logical-id prefix of the producer keys table (construct path ProducerAuth/ProducerKeys). */
const PRODUCER_KEYS_TABLE = /^ProducerAuthProducerKeys/;
const LOCAL_PRODUCER = 'local';
const LOCAL_PRODUCER_SOURCES = ['*'];
/** The local runtime's own key may drive every module, commands included. */
const LOCAL_PRODUCER_MODULES = ['*'];

/** The config the last run wrote (its admin credentials and producer key are kept), if any. */
export function previousConfig(stage: StartStage): LocalConfig | undefined {
  return readJsonFile(path.join(stage.stateDir, LOCAL_CONFIG_FILE), localConfigSchema);
}

/** The local producer key: the one from the last run if the (kept) table still knows it, else a new one. */
async function localProducerKey(
  client: DynamoDBClient,
  tableName: string,
  previous: LocalConfig | undefined,
): Promise<string> {
  const store = new DynamoProducerKeyStore({ tableName, client });
  if (previous?.producerKey && (await store.lookup(previous.producerKey))) return previous.producerKey;
  const { key } = await store.create({
    producer: LOCAL_PRODUCER,
    sources: LOCAL_PRODUCER_SOURCES,
    modules: LOCAL_PRODUCER_MODULES,
    commands: true,
  });
  return key;
}

export interface StateInputs {
  readonly topology: Topology;
  readonly client: DynamoDBClient;
  readonly previous: LocalConfig | undefined;
  readonly admin: LocalConfig['admin'];
  readonly apiUrl: string;
  readonly endpoints: Pick<
    RuntimeInfo,
    'dynamodbEndpoint' | 'eventBridgeEndpoint' | 'lambdaEndpoint' | 'sqsEndpoint'
  >;
}

/**
 * Writes what other commands read: the local config (API endpoint, producer key, admin
 * credentials) and the runtime info (endpoints and resource names), removed again on stop.
 */
export async function writeStateFiles(
  stage: StartStage,
  inputs: StateInputs,
): Promise<{ config: LocalConfig; info: RuntimeInfo }> {
  const { topology, client, previous, admin, apiUrl, endpoints } = inputs;
  const keysTable = topology.tables.find((t) => PRODUCER_KEYS_TABLE.test(t.logicalId));
  const producerKey = keysTable ? await localProducerKey(client, keysTable.name, previous) : '';
  const config: LocalConfig = {
    endpoint: apiUrl,
    producerKey,
    producerSources: LOCAL_PRODUCER_SOURCES,
    admin,
  };
  const info: RuntimeInfo = {
    pid: process.pid,
    ...endpoints,
    queues: Object.fromEntries(topology.queues.map((q) => [q.logicalId, q.url])),
    tables: Object.fromEntries(topology.tables.map((t) => [t.logicalId, t.name])),
    functions: Object.fromEntries(topology.functions.map((fn) => [fn.logicalId, fn.name])),
    ...(keysTable ? { producerKeysTable: keysTable.name } : {}),
    ...(topology.buses[0] ? { busName: topology.buses[0].name } : {}),
  };
  writeJsonFile(path.join(stage.stateDir, LOCAL_CONFIG_FILE), config);
  writeJsonFile(path.join(stage.stateDir, RUNTIME_INFO_FILE), info);
  stage.onStop(() => rmSync(path.join(stage.stateDir, RUNTIME_INFO_FILE), { force: true }));
  return { config, info };
}
