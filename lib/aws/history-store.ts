import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { Envelope } from '../core/envelope.ts';
import type { HistoryKey } from '../core/ingest/dedup.ts';
import { historyKeyOf } from '../core/ingest/history-keys.ts';
import type { HistoryStore } from '../core/ingest/ports.ts';
import { DEFAULT_RETRY_POLICY, isRetryableAwsError, type RetryPolicy, withRetry } from './retry.ts';

export interface DynamoHistoryStoreOptions {
  readonly tableName: string;
  readonly client: DynamoDBClient;
  readonly shards: number;
  readonly retentionSeconds: number;
  readonly retry?: RetryPolicy;
  readonly now?: () => number;
}

const BATCH_WRITE_LIMIT = 25;

class UnprocessedItemsError extends Error {
  constructor(readonly remaining: number) {
    super(`${remaining} history item(s) left unprocessed by BatchWriteItem`);
    this.name = 'UnprocessedItemsError';
  }
}

/**
 * The accepted events, one item each, TTL `expiresAt`. The envelope is kept as JSON text (`body`):
 * it round-trips exactly, whatever numbers `data` holds, and the few attributes queries filter on
 * are copied beside it.
 */
export class DynamoHistoryStore implements HistoryStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly now: () => number;

  constructor(private readonly options: DynamoHistoryStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client);
    this.now = options.now ?? Date.now;
  }

  async put(events: readonly Envelope[]): Promise<void> {
    for (let i = 0; i < events.length; i += BATCH_WRITE_LIMIT) {
      let pending = events
        .slice(i, i + BATCH_WRITE_LIMIT)
        .map((event) => ({ PutRequest: { Item: this.toItem(event) } }));
      await withRetry(
        async () => {
          const { UnprocessedItems } = await this.doc.send(
            new BatchWriteCommand({ RequestItems: { [this.options.tableName]: pending } }),
          );
          pending = (UnprocessedItems?.[this.options.tableName] ?? []) as typeof pending;
          if (pending.length > 0) throw new UnprocessedItemsError(pending.length);
        },
        this.options.retry ?? DEFAULT_RETRY_POLICY,
        (error) => error instanceof UnprocessedItemsError || isRetryableAwsError(error),
      );
    }
  }

  async exists(key: HistoryKey): Promise<boolean> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: key,
        ConsistentRead: true,
        ProjectionExpression: 'pk, expiresAt',
      }),
    );
    return Item !== undefined && !this.isExpired(Item);
  }

  async get(key: HistoryKey): Promise<Envelope | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.options.tableName, Key: key }));
    return Item && !this.isExpired(Item) ? (JSON.parse(String(Item.body)) as Envelope) : undefined;
  }

  /** One partition (hour bucket × shard), oldest first; expired items are filtered out, as TTL deletes lazily. */
  async readPartition(pk: string): Promise<Envelope[]> {
    const events: Envelope[] = [];
    const pages = paginateQuery(
      { client: this.doc },
      {
        TableName: this.options.tableName,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'expiresAt > :now',
        ExpressionAttributeValues: { ':pk': pk, ':now': Math.floor(this.now() / 1000) },
      },
    );
    for await (const page of pages)
      for (const item of page.Items ?? []) events.push(JSON.parse(String(item.body)) as Envelope);
    return events;
  }

  keyOf(event: Envelope): HistoryKey {
    return historyKeyOf(event, this.options.shards);
  }

  private isExpired(item: Record<string, unknown>): boolean {
    return Number(item.expiresAt) <= Math.floor(this.now() / 1000);
  }

  private toItem(event: Envelope): Record<string, unknown> {
    return {
      ...this.keyOf(event),
      id: event.id,
      source: event.source,
      type: event.type,
      severity: event.severity,
      time: event.time,
      receivedAt: event.receivedAt,
      expiresAt: Math.floor(Date.parse(event.receivedAt) / 1000) + this.options.retentionSeconds,
      body: JSON.stringify(event),
    };
  }
}
