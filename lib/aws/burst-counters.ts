import type { BurstCounterKey, DedupStore } from '../core/ingest/ports.ts';
import { GetCommand, UpdateCommand } from './sdk-lib-dynamodb.ts';
import { DynamoStore, type DynamoStoreOptions } from './stored-item.ts';

export interface DynamoDedupStoreOptions extends DynamoStoreOptions {
  /** How long a window's burst count stays readable after the window ends. */
  readonly burstCountRetentionSeconds: number;
}

// `source` and `type` cannot contain '#', so these keys cannot collide with the claims' `C#…`.
const counterKey = (c: BurstCounterKey) => ({
  pk: `B#${c.source}#${c.type}#${new Date(c.windowStart).toISOString()}`,
});

/**
 * The burst counters of the dedup table (dedup-store.ts adds the claims): apart so that the admin
 * function, which only reads counts, does not carry the claim protocol.
 */
export class DynamoBurstCounters
  extends DynamoStore<DynamoDedupStoreOptions>
  implements Pick<DedupStore, 'addToBurstCounter' | 'getBurstCount'>
{
  async addToBurstCounter(counter: BurstCounterKey, n: number): Promise<number> {
    const { Attributes } = await this.doc.send(
      new UpdateCommand({
        TableName: this.options.tableName,
        Key: counterKey(counter),
        UpdateExpression:
          'ADD #count :n SET kind = :kind, #source = :source, #type = :type, windowStart = :start, windowSeconds = :seconds, threshold = :threshold, expiresAt = :expiresAt',
        ExpressionAttributeNames: { '#count': 'count', '#source': 'source', '#type': 'type' },
        ExpressionAttributeValues: {
          ':n': n,
          ':kind': 'burst',
          ':source': counter.source,
          ':type': counter.type,
          ':start': new Date(counter.windowStart).toISOString(),
          ':seconds': counter.windowSeconds,
          ':threshold': counter.threshold,
          ':expiresAt':
            Math.ceil(counter.windowStart / 1000) +
            counter.windowSeconds +
            this.options.burstCountRetentionSeconds,
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.count ?? n);
  }

  async getBurstCount(counter: BurstCounterKey): Promise<number> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.options.tableName, Key: counterKey(counter), ConsistentRead: true }),
    );
    if (!Item || Number(Item.expiresAt) < Math.floor(this.now() / 1000)) return 0;
    return Number(Item.count ?? 0);
  }
}
