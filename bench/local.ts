import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Envelope } from '#lib/core/envelope.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#lib/local/local-account.ts';
import type { RunningVigil } from '#lib/local/start-vigil.ts';
import type { LocalFunction } from '#lib/local/topology.ts';

export type Row = (metric: string, value: string, note?: string) => void;

/** The physical name of the stack's table whose logical id starts with `prefix`. */
export function tableOf(vigil: RunningVigil, prefix: string): string {
  const entry = Object.entries(vigil.info.tables).find(([id]) => id.startsWith(prefix));
  if (!entry) throw new Error(`no ${prefix} table`);
  return entry[1];
}

/** The stack's function whose logical id starts with `prefix`. */
export function functionOf(vigil: RunningVigil, prefix: string): LocalFunction {
  const fn = vigil.topology.functions.find((f) => f.logicalId.startsWith(prefix));
  if (!fn) throw new Error(`no ${prefix} in the template`);
  return fn;
}

/** SDK clients on the runtime's DynamoDB Local and local EventBridge. */
export function localClients(vigil: RunningVigil) {
  const options = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  return {
    dynamodb: new DynamoDBClient({ endpoint: vigil.info.dynamodbEndpoint, ...options }),
    eventBridge: new EventBridgeClient({ endpoint: vigil.info.eventBridgeEndpoint, ...options }),
  };
}

/** An ingest envelope as a rule delivers it to its Lambda target. */
export function ruleDelivery(vigil: RunningVigil, envelope: Envelope) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': envelope.type,
    source: 'vigil.ingest',
    account: vigil.topology.accountId,
    time: envelope.receivedAt,
    region: vigil.topology.region,
    resources: [],
    detail: envelope,
  };
}
