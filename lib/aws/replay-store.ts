import * as z from 'zod/mini';
import type { CreateOutcome, ReplayProgress, ReplayStore } from '../core/replay/ports.ts';
import { REPLAY_STATUSES, type ReplayRecord, type ReplayStatus } from '../core/replay/record.ts';
import { replayRequestSchema } from '../core/replay/request.ts';
import { putIfAbsent } from './conditional-transaction.ts';
import { ConditionalCheckFailedException, TransactionCanceledException } from './sdk-dynamodb.ts';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from './sdk-lib-dynamodb.ts';
import { DynamoStore, type DynamoStoreOptions } from './stored-item.ts';
import { ttlAfterDays } from './table-layout.ts';

/** Replay records are kept this long after they start (TTL), for the record. */
const RECORD_DAYS = 30;
const recordKey = (id: string) => ({ pk: `R#${id}` });
const nameKey = (name: string) => ({ pk: `N#${name}` });

const text = z.string();
const maybeText = z.optional(z.string());

/** A replay item: the record (keys, lease and TTL stripped). The request is the one `POST /replay` accepted. */
const recordItemSchema = z.object({
  id: text,
  name: maybeText,
  status: z.enum(REPLAY_STATUSES),
  request: replayRequestSchema,
  counts: z.object({ matched: z.number(), published: z.number(), failed: z.number() }),
  cursor: z.optional(z.object({ receivedAt: text, id: text })),
  createdAt: text,
  updatedAt: text,
  finishedAt: maybeText,
  error: maybeText,
  runs: z.number(),
} satisfies Record<keyof ReplayRecord, z.core.$ZodType>);

/** A name's reservation: which replay holds it. */
const nameItemSchema = z.object({ replayId: text });

/**
 * Replays in DynamoDB: `R#<id>` holds the record and the lease of the run working on it (owner,
 * until); `N#<name>` reserves a name for one replay. Every progress write is conditional on the
 * lease, so a cancelled or taken-over run cannot write over the replay.
 */
export class DynamoReplayStore extends DynamoStore<DynamoStoreOptions> implements ReplayStore {
  async create(record: ReplayRecord): Promise<CreateOutcome> {
    const item = {
      ...recordKey(record.id),
      ...record,
      expiresAt: ttlAfterDays(this.now(), RECORD_DAYS),
    };
    if (record.name === undefined) {
      await this.doc.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true };
    }
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            putIfAbsent(this.options.tableName, {
              ...nameKey(record.name),
              replayId: record.id,
              expiresAt: item.expiresAt,
            }),
            putIfAbsent(this.options.tableName, item),
          ],
        }),
      );
      return { created: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const { Item } = await this.doc.send(
        new GetCommand({
          TableName: this.options.tableName,
          Key: nameKey(record.name),
          ConsistentRead: true,
        }),
      );
      const existing = Item && (await this.get(this.parse(nameItemSchema, Item).replayId));
      if (!existing) throw error;
      return { created: false, existing };
    }
  }

  async get(id: string): Promise<ReplayRecord | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.options.tableName, Key: recordKey(id), ConsistentRead: true }),
    );
    return Item ? this.parse(recordItemSchema, Item) : undefined;
  }

  acquire(id: string, owner: string, untilMs: number): Promise<boolean> {
    return this.conditional({
      Key: recordKey(id),
      UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until, runs = runs + :one, updatedAt = :at',
      ConditionExpression:
        '#status = :running AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :owner)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':owner': owner,
        ':until': untilMs,
        ':one': 1,
        ':at': new Date(this.now()).toISOString(),
        ':running': 'running',
        ':now': this.now(),
      },
    });
  }

  progress(id: string, owner: string, progress: ReplayProgress): Promise<boolean> {
    return this.conditional({
      Key: recordKey(id),
      UpdateExpression: `SET counts = :counts, updatedAt = :at${progress.cursor ? ', #cursor = :cursor' : ''}`,
      ConditionExpression: '#status = :running AND leaseOwner = :owner',
      ExpressionAttributeNames: { '#status': 'status', ...(progress.cursor ? { '#cursor': 'cursor' } : {}) },
      ExpressionAttributeValues: {
        ':counts': progress.counts,
        ':at': new Date(this.now()).toISOString(),
        ':running': 'running',
        ':owner': owner,
        ...(progress.cursor ? { ':cursor': progress.cursor } : {}),
      },
    });
  }

  finish(
    id: string,
    owner: string,
    end: { status: ReplayStatus; progress: ReplayProgress; error?: string },
  ): Promise<boolean> {
    const at = new Date(this.now()).toISOString();
    const sets = ['#status = :status', 'counts = :counts', 'updatedAt = :at'];
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {
      ':status': end.status,
      ':counts': end.progress.counts,
      ':at': at,
      ':running': 'running',
      ':owner': owner,
    };
    if (end.progress.cursor) {
      sets.push('#cursor = :cursor');
      names['#cursor'] = 'cursor';
      values[':cursor'] = end.progress.cursor;
    }
    if (end.status !== 'running') sets.push('finishedAt = :at');
    if (end.error !== undefined) {
      sets.push('#error = :error');
      names['#error'] = 'error';
      values[':error'] = end.error;
    }
    return this.conditional({
      Key: recordKey(id),
      UpdateExpression: `SET ${sets.join(', ')} REMOVE leaseOwner, leaseUntil`,
      ConditionExpression: '#status = :running AND leaseOwner = :owner',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  }

  settleCancelled(id: string, owner: string, progress: ReplayProgress): Promise<boolean> {
    return this.conditional({
      Key: recordKey(id),
      UpdateExpression: `SET counts = :counts, updatedAt = :at${progress.cursor ? ', #cursor = :cursor' : ''} REMOVE leaseOwner, leaseUntil`,
      ConditionExpression: '#status = :cancelled AND leaseOwner = :owner',
      ExpressionAttributeNames: { '#status': 'status', ...(progress.cursor ? { '#cursor': 'cursor' } : {}) },
      ExpressionAttributeValues: {
        ':counts': progress.counts,
        ':at': new Date(this.now()).toISOString(),
        ':cancelled': 'cancelled',
        ':owner': owner,
        ...(progress.cursor ? { ':cursor': progress.cursor } : {}),
      },
    });
  }

  cancel(id: string): Promise<boolean> {
    const at = new Date(this.now()).toISOString();
    return this.conditional({
      Key: recordKey(id),
      UpdateExpression: 'SET #status = :cancelled, finishedAt = :at, updatedAt = :at',
      ConditionExpression: '#status = :running',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':cancelled': 'cancelled', ':running': 'running', ':at': at },
    });
  }

  private async conditional(
    input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>,
  ): Promise<boolean> {
    try {
      await this.doc.send(new UpdateCommand({ TableName: this.options.tableName, ...input }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
