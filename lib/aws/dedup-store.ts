import type { Claim } from '../core/ingest/dedup.ts';
import type { BurstCounterKey, DedupStore } from '../core/ingest/ports.ts';
import { ConditionalCheckFailedException } from './sdk-dynamodb.ts';
import { GetCommand, PutCommand, UpdateCommand } from './sdk-lib-dynamodb.ts';
import { unmarshall } from './sdk-util-dynamodb.ts';
import { DynamoStore, type DynamoStoreOptions } from './stored-item.ts';

export interface DynamoDedupStoreOptions extends DynamoStoreOptions {
  /** How long a window's burst count stays readable after the window ends. */
  readonly burstCountRetentionSeconds: number;
}

const claimKey = (source: string, dedupKey: string) => ({ pk: `C#${source}#${dedupKey}` });
// `source` and `type` cannot contain '#', so these keys cannot collide.
const counterKey = (c: BurstCounterKey) => ({
  pk: `B#${c.source}#${c.type}#${new Date(c.windowStart).toISOString()}`,
});

function toItem(claim: Claim): Record<string, unknown> {
  return {
    ...claimKey(claim.source, claim.dedupKey),
    kind: 'claim',
    source: claim.source,
    dedupKey: claim.dedupKey,
    id: claim.id,
    token: claim.token,
    receivedAt: claim.receivedAt,
    leaseUntil: claim.leaseUntil,
    expiresAt: claim.expiresAt,
    historyPk: claim.historyKey.pk,
    historySk: claim.historyKey.sk,
    ...(claim.outcome ? { outcome: claim.outcome } : {}),
  };
}

function fromItem(item: Record<string, unknown>): Claim {
  return {
    source: String(item.source),
    dedupKey: String(item.dedupKey),
    id: String(item.id),
    token: String(item.token),
    receivedAt: String(item.receivedAt),
    leaseUntil: Number(item.leaseUntil),
    expiresAt: Number(item.expiresAt),
    historyKey: { pk: String(item.historyPk), sk: String(item.historySk) },
    ...(item.outcome === 'suppressed' ? { outcome: 'suppressed' as const } : {}),
  };
}

/**
 * Dedup claims and burst counters in one table (TTL `expiresAt`). Every decision is a conditional
 * write, so concurrent invocations agree without locks.
 */
export class DynamoDedupStore extends DynamoStore<DynamoDedupStoreOptions> implements DedupStore {
  async claim(claim: Claim, nowMs: number) {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: toItem(claim),
          // A claim whose dedup window ended is dead even if TTL has not deleted it yet.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :nowSeconds',
          ExpressionAttributeValues: { ':nowSeconds': Math.floor(nowMs / 1000) },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { claimed: true } as const;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException && error.Item) {
        return { claimed: false, existing: fromItem(unmarshall(error.Item)) } as const;
      }
      throw error;
    }
  }

  async takeOver(claim: Claim, previousToken: string): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: toItem(claim),
          ConditionExpression: '#token = :previous',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':previous': previousToken },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async get(source: string, dedupKey: string): Promise<Claim | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: claimKey(source, dedupKey),
        ConsistentRead: true,
      }),
    );
    if (!Item || Number(Item.expiresAt) < Math.floor(this.now() / 1000)) return undefined;
    return fromItem(Item);
  }

  async abandon(claim: Claim): Promise<void> {
    await this.ifStillHeld(claim, (condition) =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: claimKey(claim.source, claim.dedupKey),
          UpdateExpression: 'SET leaseUntil = :ended',
          ...condition,
          ExpressionAttributeValues: { ...condition.ExpressionAttributeValues, ':ended': 0 },
        }),
      ),
    );
  }

  async markSuppressed(claim: Claim): Promise<void> {
    await this.ifStillHeld(claim, (condition) =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: claimKey(claim.source, claim.dedupKey),
          UpdateExpression: 'SET outcome = :suppressed',
          ...condition,
          ExpressionAttributeValues: { ...condition.ExpressionAttributeValues, ':suppressed': 'suppressed' },
        }),
      ),
    );
  }

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

  /** Runs a write guarded by `token = <ours>`; losing the claim meanwhile is not an error. */
  private async ifStillHeld(
    claim: Claim,
    write: (condition: {
      ConditionExpression: string;
      ExpressionAttributeNames: Record<string, string>;
      ExpressionAttributeValues: Record<string, unknown>;
    }) => Promise<unknown>,
  ): Promise<void> {
    try {
      await write({
        ConditionExpression: '#token = :token',
        ExpressionAttributeNames: { '#token': 'token' },
        ExpressionAttributeValues: { ':token': claim.token },
      });
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
