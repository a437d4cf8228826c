import * as z from 'zod/mini';
import type { Subscription } from '#lib/core/subscriptions/subscription.ts';
import { ConditionalCheckFailedException } from './sdk-dynamodb.ts';
import { DeleteCommand, GetCommand, PutCommand } from './sdk-lib-dynamodb.ts';
import { DynamoStore, type DynamoStoreOptions, parseItem } from './stored-item.ts';

/** Every subscription lives in one partition: they are read whole by the dispatcher. */
const PARTITION = 'SUBS';

/** A signing secret; a rotated-out one carries `until` (epoch ms) and signs beside the new one till then. */
export interface StoredSecret {
  readonly value: string;
  readonly until?: number;
}

export interface StoredSubscription {
  readonly subscription: Subscription;
  readonly secrets: readonly StoredSecret[];
}

/** Subscriptions in the Subscriptions table (`SUBS`/`<name>`), written conditionally on their version. */
export class DynamoSubscriptionStore extends DynamoStore<DynamoStoreOptions> {
  /** Writes `stored` if its name is free (`create`) or still at `expectedVersion`; false otherwise. */
  async put(stored: StoredSubscription, expectedVersion: number | 'create'): Promise<boolean> {
    const { subscription, secrets } = stored;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: {
            pk: PARTITION,
            sk: subscription.name,
            body: JSON.stringify(subscription),
            secrets,
            version: subscription.version,
          },
          ...(expectedVersion === 'create'
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async get(name: string): Promise<StoredSubscription | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: { pk: PARTITION, sk: name },
        ConsistentRead: true,
      }),
    );
    return Item ? storedOf(this.options.tableName, Item) : undefined;
  }

  /** Every subscription, by name; `consistent` for the dispatch rule's narrowing (it must see every write before it). */
  async list(options: { consistent?: boolean } = {}): Promise<StoredSubscription[]> {
    return this.queryPartition(
      PARTITION,
      (item) => storedOf(this.options.tableName, item),
      options.consistent,
    );
  }

  /** Removes the subscription; false when there was none. */
  async delete(name: string): Promise<boolean> {
    const { Attributes } = await this.doc.send(
      new DeleteCommand({
        TableName: this.options.tableName,
        Key: { pk: PARTITION, sk: name },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes !== undefined;
  }
}

/** A subscription item: the subscription as JSON (as accepted) and its signing secrets. */
const subscriptionItemSchema = z.object({
  body: z.string(),
  secrets: z.optional(z.array(z.object({ value: z.string(), until: z.optional(z.number()) }))),
});

function storedOf(table: string, item: Record<string, unknown>): StoredSubscription {
  const { body, secrets } = parseItem(table, subscriptionItemSchema, item);
  return { subscription: JSON.parse(body) as Subscription, secrets: secrets ?? [] };
}

/** The secrets a delivery is signed with now: the current one and any rotated out less than its grace ago. */
export function signingSecrets(secrets: readonly StoredSecret[], now: number): string[] {
  return secrets.filter((s) => s.until === undefined || s.until > now).map((s) => s.value);
}
