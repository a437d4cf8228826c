import { type AttributeValue, DynamoDBClient, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { type AdminAnswer, adminRequest as signedAdminRequest } from '#lib/local/admin-request.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#lib/local/local-account.ts';

export const vigil = inject('vigil');

export const dynamodb = new DynamoDBClient({
  endpoint: vigil.info.dynamodbEndpoint,
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
});

export function tableName(logicalIdPrefix: string): string {
  const entry = Object.entries(vigil.info.tables).find(([logicalId]) =>
    logicalId.startsWith(logicalIdPrefix),
  );
  if (!entry) throw new Error(`no table ${logicalIdPrefix}* in the running stack`);
  return entry[1];
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field in tests
export type ResponseBody = any;

export async function postEvents(
  body: unknown,
  key: string = vigil.config.producerKey,
): Promise<{ status: number; body: ResponseBody; headers: Headers }> {
  const response = await fetch(`${vigil.config.endpoint}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

/** Polls until `probe` returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The deliveries the probe target recorded for one event id (one item per attempt). */
export async function probeDeliveries(eventId: string): Promise<Record<string, unknown>[]> {
  const { Items } = await dynamodb.send(
    new QueryCommand({
      TableName: tableName('ProbeDeliveries'),
      KeyConditionExpression: 'pk = :id',
      ExpressionAttributeValues: { ':id': { S: eventId } },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map((item) => JSON.parse(item.event?.S ?? '{}'));
}

/**
 * The history item of one event, by a consistent Scan of every page: the e2e suites share one
 * runtime, and the history soon holds more than one 1 MB Scan page.
 */
export async function historyEvent(eventId: string): Promise<Record<string, unknown> | undefined> {
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(
      new ScanCommand({
        TableName: tableName('EventStoreHistory'),
        FilterExpression: 'id = :id',
        ExpressionAttributeValues: { ':id': { S: eventId } },
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    const body = page.Items?.[0]?.body?.S;
    if (body) return JSON.parse(body);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return undefined;
}

/** A request to an IAM route, signed with the local admin credentials (SigV4, as in the cloud). */
export function adminRequest(method: string, pathname: string, body?: unknown): Promise<AdminAnswer> {
  return signedAdminRequest(vigil.config, method, pathname, body);
}
