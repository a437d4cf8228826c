import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BusEvent } from '#lib/core/subscriptions/formats.ts';
import type { NotificationPlan } from '#lib/core/subscriptions/notify.ts';

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
export class DynamoNotificationStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly options: { readonly tableName: string; readonly client: DynamoDBClient }) {
    this.doc = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }

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
    return Item ? storedOf(Item) : undefined;
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
    return (Items ?? []).map(storedOf);
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

function storedOf(item: Record<string, unknown>): StoredPlan {
  const { pk: _pk, sk: _sk, repeats, ended, eventJson, expiresAt: _e, ...plan } = item;
  return {
    plan: plan as unknown as NotificationPlan,
    event: JSON.parse(String(eventJson)) as BusEvent,
    repeats: Number(repeats ?? 0),
    ended: ended === true,
  };
}
