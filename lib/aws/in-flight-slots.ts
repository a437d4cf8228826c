import { ConditionalCheckFailedException } from './sdk-dynamodb.ts';
import { DeleteCommand, PutCommand } from './sdk-lib-dynamodb.ts';
import { DynamoStore, type DynamoStoreOptions } from './stored-item.ts';

export interface InFlightSlotsOptions extends DynamoStoreOptions {
  readonly leaseMs: number;
  readonly now: () => number;
  /** Picks the first slot tried. @default Math.random */
  readonly random?: () => number;
}

/** How many slots one acquisition tries before giving up (the message then waits a little). */
const TRIES = 4;

export interface SlotLease {
  readonly slot: number;
  readonly holder: string;
}

/**
 * `maxInFlight`: a subscription has that many slots (`F#<name>`/`<n>`); a delivery holds one while it
 * posts. A slot is taken by a conditional put (free, or its lease over, so a crashed holder cannot
 * leak it for longer than the lease), and released by a delete conditional on the holder.
 */
export class InFlightSlots extends DynamoStore<InFlightSlotsOptions> {
  /** A free slot of the subscription's `maxInFlight`, or undefined when the ones tried are all held. */
  async acquire(subscription: string, maxInFlight: number, holder: string): Promise<SlotLease | undefined> {
    const first = Math.floor((this.options.random ?? Math.random)() * maxInFlight);
    for (let i = 0; i < Math.min(TRIES, maxInFlight); i++) {
      const slot = (first + i) % maxInFlight;
      if (await this.take(subscription, slot, holder)) return { slot, holder };
    }
    return undefined;
  }

  async release(subscription: string, lease: SlotLease): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.options.tableName,
          Key: { pk: `F#${subscription}`, sk: String(lease.slot) },
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': lease.holder },
        }),
      );
    } catch (error) {
      // The lease ran out and another delivery holds the slot now: it is theirs to release.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  private async take(subscription: string, slot: number, holder: string): Promise<boolean> {
    const now = this.options.now();
    const until = now + this.options.leaseMs;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: {
            pk: `F#${subscription}`,
            sk: String(slot),
            holder,
            until,
            expiresAt: Math.ceil(until / 1000) + 3_600,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #until < :now',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
