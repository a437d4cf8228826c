import type { AttributeValue, BatchStatementRequest } from '@aws-sdk/client-dynamodb';
import { chunksOf } from '#lib/core/chunks.ts';
import type { Claim } from '../core/ingest/dedup.ts';
import type { DedupStore } from '../core/ingest/ports.ts';
import { DynamoBurstCounters } from './burst-counters.ts';
import { type FlatItem, flatAttributes } from './flat-item.ts';
import {
  BatchExecuteStatementCommand,
  ConditionalCheckFailedException,
  PutItemCommand,
} from './sdk-dynamodb.ts';
import { GetCommand, PutCommand, UpdateCommand } from './sdk-lib-dynamodb.ts';

export type { DynamoDedupStoreOptions } from './burst-counters.ts';

import { unmarshall } from './sdk-util-dynamodb.ts';

const claimKey = (source: string, dedupKey: string) => ({ pk: `C#${source}#${dedupKey}` });

/** BatchExecuteStatement's most statements per request. */
const PARTIQL_BATCH_LIMIT = 25;

/** `INSERT INTO "table" VALUE {'a': ?, …}` with the item's values as parameters (never in the text). */
function insertStatement(tableName: string, item: FlatItem): BatchStatementRequest {
  const attributes = flatAttributes(item);
  const names = Object.keys(attributes);
  return {
    Statement: `INSERT INTO "${tableName}" VALUE {${names.map((name) => `'${name}': ?`).join(', ')}}`,
    Parameters: names.map((name) => attributes[name] as AttributeValue),
  };
}

function toItem(claim: Claim): FlatItem {
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
    outcome: claim.outcome,
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
export class DynamoDedupStore extends DynamoBurstCounters implements DedupStore {
  /** Every accepted event's first write: through the plain client (see flat-item.ts). */
  async claim(claim: Claim, nowMs: number) {
    try {
      await this.plain.send(
        new PutItemCommand({
          TableName: this.options.tableName,
          Item: flatAttributes(toItem(claim)),
          // A claim whose dedup window ended is dead even if TTL has not deleted it yet.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :nowSeconds',
          ExpressionAttributeValues: { ':nowSeconds': { N: String(Math.floor(nowMs / 1000)) } },
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

  /**
   * PartiQL INSERTs, 25 per BatchExecuteStatement: an INSERT fails (DuplicateItem) where the key
   * exists, so it is a conditional put whose statements succeed or fail one by one. One request per
   * 25 events instead of 25: a 100-event batch spent about 0.4 ms of Node and 0.65 ms of DynamoDB
   * Local CPU per claim as a PutItem, 0.1 and 0.5 ms as a statement (BENCHMARKS.md). A request that
   * fails leaves its claims to claim(), which reports each event's own error.
   */
  async claimFree(claims: readonly Claim[]): Promise<readonly boolean[]> {
    const written = await Promise.all(
      chunksOf(claims, PARTIQL_BATCH_LIMIT).map(async (chunk) => {
        try {
          const { Responses } = await this.plain.send(
            new BatchExecuteStatementCommand({
              Statements: chunk.map((claim) => insertStatement(this.options.tableName, toItem(claim))),
            }),
          );
          // Responses come in the order of the statements; a missing one was not written.
          return chunk.map((_, i) => {
            const response = Responses?.[i];
            return response !== undefined && response.Error === undefined;
          });
        } catch {
          // Left unwritten: claim() retries each one and fails only the events it cannot claim.
          return chunk.map(() => false);
        }
      }),
    );
    return written.flat();
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
