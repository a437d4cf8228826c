import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#lib/local/local-account.ts';
import { ensureTables, tableSpecsFromTemplate } from '#lib/local/template-tables.ts';

export interface TestTables {
  readonly client: DynamoDBClient;
  readonly endpoint: string;
  readonly history: string;
  readonly dedup: string;
  readonly producerKeys: string;
  readonly alerts: string;
  readonly modules: string;
  readonly replays: string;
  readonly announcements: string;
  readonly subscriptions: string;
}

/** Which table a synthesized logical id is, by the construct path CDK derives it from. */
const ROLES = {
  history: /^EventStoreHistory/,
  dedup: /^EventStoreDedup/,
  producerKeys: /^ProducerAuthProducerKeys/,
  alerts: /^AlertingAlerts/,
  modules: /^StateModules/,
  replays: /^ReplayReplays/,
  announcements: /^AnnouncementsOutbox/,
  subscriptions: /^SubscriptionsTable/,
} as const;

export function localDynamoDbClient(endpoint = inject('dynamodbEndpoint')): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

/**
 * Fresh tables for one test file on the shared DynamoDB Local server, created from the
 * synthesized template (the same keys, indexes and TTL CDK deploys), under a unique prefix.
 */
export async function createTestTables(): Promise<TestTables> {
  const endpoint = inject('dynamodbEndpoint');
  const client = localDynamoDbClient(endpoint);
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const specs = tableSpecsFromTemplate(inject('tableResources'), (logicalId) => `${prefix}-${logicalId}`);
  await ensureTables(client, specs);
  const nameOf = (pattern: RegExp): string => {
    const spec = specs.find((s) => pattern.test(s.logicalId));
    if (!spec?.create.TableName) throw new Error(`no table matching ${pattern} in the template`);
    return spec.create.TableName;
  };
  return {
    client,
    endpoint,
    history: nameOf(ROLES.history),
    dedup: nameOf(ROLES.dedup),
    producerKeys: nameOf(ROLES.producerKeys),
    alerts: nameOf(ROLES.alerts),
    modules: nameOf(ROLES.modules),
    replays: nameOf(ROLES.replays),
    announcements: nameOf(ROLES.announcements),
    subscriptions: nameOf(ROLES.subscriptions),
  };
}
