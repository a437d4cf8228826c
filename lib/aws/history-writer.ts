import type { DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import { chunksOf } from '#lib/core/chunks.ts';
import type { Envelope } from '../core/envelope.ts';
import { LOOKUP_ID_ATTRIBUTE, needsIdLookup } from '../core/history/lookup.ts';
import type { HistoryKey } from '../core/ingest/dedup.ts';
import { historyKeyOf } from '../core/ingest/history-keys.ts';
import type { HistoryStore } from '../core/ingest/ports.ts';
import { type FlatItem, flatAttributes } from './flat-item.ts';
import { DEFAULT_RETRY_POLICY, isRetryableAwsError, type RetryPolicy, withRetry } from './retry.ts';
import { BatchWriteItemCommand } from './sdk-dynamodb.ts';
import { GetCommand } from './sdk-lib-dynamodb.ts';
import { DynamoStore, type DynamoStoreOptions } from './stored-item.ts';

export interface DynamoHistoryStoreOptions extends DynamoStoreOptions {
  readonly shards: number;
  readonly retentionSeconds: number;
  readonly retry?: RetryPolicy;
  /**
   * The sparse index on `lookupId` that `getById` falls back to (see lib/core/history/lookup.ts).
   * @default 'byId'
   */
  readonly idIndexName?: string;
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
export class DynamoHistoryWriter extends DynamoStore<DynamoHistoryStoreOptions> implements HistoryStore {
  /**
   * Writes in chunks of 25, in parallel, retrying unprocessed items. Returns the events that are not
   * known to be written, by id: what BatchWriteItem still left unprocessed after the retries, or a
   * chunk whose call failed. An item that was written is never reported failed, and a retry writes
   * the same key again (ingest keeps a failed event's id and receivedAt), so it is never doubled.
   */
  async put(events: readonly Envelope[]): Promise<Map<string, unknown>> {
    const failed = new Map<string, unknown>();
    await Promise.all(
      chunksOf(events, BATCH_WRITE_LIMIT).map(async (chunk) => {
        let pending: WriteRequest[] = chunk.map((event) => ({
          PutRequest: { Item: flatAttributes(this.toItem(event)) },
        }));
        try {
          await withRetry(
            async () => {
              // Through the plain client, as every accepted event is written here (see flat-item.ts).
              const { UnprocessedItems } = await this.plain.send(
                new BatchWriteItemCommand({ RequestItems: { [this.options.tableName]: pending } }),
              );
              pending = UnprocessedItems?.[this.options.tableName] ?? [];
              if (pending.length > 0) throw new UnprocessedItemsError(pending.length);
            },
            this.options.retry ?? DEFAULT_RETRY_POLICY,
            (error) => error instanceof UnprocessedItemsError || isRetryableAwsError(error),
          );
        } catch (error) {
          for (const request of pending) failed.set(String(request.PutRequest?.Item?.id?.S), error);
        }
      }),
    );
    return failed;
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

  keyOf(event: Envelope): HistoryKey {
    return historyKeyOf(event, this.options.shards);
  }

  protected async getItem(
    key: HistoryKey,
    consistent: boolean,
  ): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.options.tableName, Key: key, ConsistentRead: consistent }),
    );
    return Item;
  }

  protected isExpired(item: Record<string, unknown>): boolean {
    return Number(item.expiresAt) <= Math.floor(this.now() / 1000);
  }

  private toItem(event: Envelope): FlatItem {
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
      ...(needsIdLookup(event) ? { [LOOKUP_ID_ATTRIBUTE]: event.id } : {}),
    };
  }
}

/** The history writer of a function, from its environment (`HISTORY_TABLE_NAME`, `_SHARDS`, `_RETENTION_SECONDS`). */
export function historyWriterFromEnv(
  env: HistoryEnv,
  client: DynamoDBClient,
  options: Pick<DynamoHistoryStoreOptions, 'now' | 'retry' | 'plainClient'> = {},
): DynamoHistoryWriter {
  return new DynamoHistoryWriter(historyOptionsOf(env, client, options));
}

export interface HistoryEnv {
  readonly HISTORY_TABLE_NAME: string;
  readonly HISTORY_SHARDS: number;
  readonly HISTORY_RETENTION_SECONDS: number;
}

export function historyOptionsOf(
  env: HistoryEnv,
  client: DynamoDBClient,
  options: Pick<DynamoHistoryStoreOptions, 'now' | 'retry' | 'plainClient'>,
): DynamoHistoryStoreOptions {
  return {
    tableName: env.HISTORY_TABLE_NAME,
    client,
    shards: env.HISTORY_SHARDS,
    retentionSeconds: env.HISTORY_RETENTION_SECONDS,
    ...options,
  };
}
