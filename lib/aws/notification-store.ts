import * as z from 'zod/mini';
import type { BusEvent } from '#lib/core/subscriptions/formats.ts';
import type { NotificationPlan } from '#lib/core/subscriptions/notify.ts';
import { ConditionalCheckFailedException } from './sdk-dynamodb.ts';
import { GetCommand, PutCommand, QueryCommand } from './sdk-lib-dynamodb.ts';
import { DynamoStore, type DynamoStoreOptions, parseItem } from './stored-item.ts';

/** Plans are kept this long after their alert opened (their resolution audience is read from them). */
const PLAN_RETENTION_SECONDS = 30 * 86_400;

/** One plan with what it needs to act: the opening event it re-sends, and whether it is over. */
export interface StoredPlan {
  readonly plan: NotificationPlan;
  /** The `alert.opened` event: what repeats and escalations send. */
  readonly event: BusEvent;
  /** Repeats sent so far: names each repeat's delivery. */
  readonly repeats: number;
  /** Acknowledged or resolved: no more checks (the plan stays for `alert.resolved`'s audience). */
  readonly ended: boolean;
}

/** Notification plans in the Subscriptions table: `N#<alert id>`/`<subscription>`. */
export class DynamoNotificationStore extends DynamoStore<DynamoStoreOptions> {
  /** Writes the plan unless one exists for this alert and subscription (a repeated dispatch); false then. */
  async create(stored: StoredPlan): Promise<boolean> {
    return this.write(stored, { ConditionExpression: 'attribute_not_exists(pk)' });
  }

  /** Replaces the plan if nobody acted on it since `previous` was read; false otherwise. */
  async replace(stored: StoredPlan, previous: StoredPlan): Promise<boolean> {
    return this.write(stored, {
      ConditionExpression: 'lastNotifiedAt = :last AND escalated = :escalated AND ended = :ended',
      ExpressionAttributeValues: {
        ':last': previous.plan.lastNotifiedAt,
        ':escalated': previous.plan.escalated,
        ':ended': previous.ended,
      },
    });
  }

  async get(alertId: string, subscription: string): Promise<StoredPlan | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: { pk: `N#${alertId}`, sk: subscription },
        ConsistentRead: true,
      }),
    );
    return Item ? storedOf(this.options.tableName, Item) : undefined;
  }

  /** Every plan of one alert (one per subscription that matched its opening). */
  async byAlert(alertId: string): Promise<StoredPlan[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.options.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `N#${alertId}` },
        ConsistentRead: true,
      }),
    );
    return (Items ?? []).map((item) => storedOf(this.options.tableName, item));
  }

  private async write(stored: StoredPlan, condition: Record<string, unknown>): Promise<boolean> {
    const { plan, event, repeats, ended } = stored;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: {
            pk: `N#${plan.alertId}`,
            sk: plan.subscription,
            ...plan,
            repeats,
            ended,
            eventJson: JSON.stringify(event),
            expiresAt: Math.floor(plan.openedAt / 1000) + PLAN_RETENTION_SECONDS,
          },
          ...condition,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

/** A plan item: the plan, the opening event as JSON, and how far its notifications got. */
const planItemSchema = z.object({
  alertId: z.string(),
  subscription: z.string(),
  openedAt: z.number(),
  lastNotifiedAt: z.number(),
  escalated: z.number(),
  notified: z.array(z.string()),
  eventJson: z.string(),
  repeats: z.optional(z.number()),
  ended: z.optional(z.boolean()),
} satisfies Record<keyof NotificationPlan | 'eventJson' | 'repeats' | 'ended', z.core.$ZodType>);

function storedOf(table: string, item: Record<string, unknown>): StoredPlan {
  const { repeats, ended, eventJson, ...plan } = parseItem(table, planItemSchema, item);
  return {
    plan,
    event: JSON.parse(eventJson) as BusEvent,
    repeats: repeats ?? 0,
    ended: ended === true,
  };
}
