import * as z from 'zod/mini';
import type { DeliveryRecord } from '#lib/core/subscriptions/delivery.ts';
import type { BusEvent } from '#lib/core/subscriptions/formats.ts';
import { ConditionalCheckFailedException } from './sdk-dynamodb.ts';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from './sdk-lib-dynamodb.ts';
import { DynamoStore, type DynamoStoreOptions, parseItem } from './stored-item.ts';
import { DELIVERY_INDEXES } from './table-layout.ts';

/** How long delivery records are kept (they expire by TTL). */
export const DELIVERY_RETENTION_SECONDS = 14 * 86_400;

const keyOf = (eventId: string, subscription: string, variant?: string) => ({
  pk: `E#${eventId}`,
  sk: variant ? `D#${subscription}#${variant}` : `D#${subscription}`,
});

/** What an attempt (or a redrive) changes in a record. */
export type DeliveryPatch = Pick<DeliveryRecord, 'status' | 'attempt' | 'updatedAt'> &
  Partial<Pick<DeliveryRecord, 'httpStatus' | 'latencyMs' | 'lastError'>>;

export interface DeliveryPage {
  readonly deliveries: DeliveryRecord[];
  readonly next?: Record<string, unknown>;
}

/** Delivery records in the Subscriptions table: `E#<event id>`/`D#<subscription>`. */
export class DynamoDeliveryStore extends DynamoStore<DynamoStoreOptions> {
  /** Writes a new record; the one already there when this event × subscription was dispatched before. */
  async create(record: DeliveryRecord): Promise<DeliveryRecord | undefined> {
    const { event, ...rest } = record;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: {
            ...keyOf(record.eventId, record.subscription, record.variant),
            ...rest,
            eventJson: JSON.stringify(event),
            bySubPk: record.subscription,
            bySubSk: `${record.createdAt}#${record.eventId}`,
            expiresAt: Math.floor(Date.parse(record.createdAt) / 1000) + DELIVERY_RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException && error.Item)
        return (await this.get(record.eventId, record.subscription, record.variant)) ?? record;
      throw error;
    }
  }

  async get(eventId: string, subscription: string, variant?: string): Promise<DeliveryRecord | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: keyOf(eventId, subscription, variant),
        ConsistentRead: true,
      }),
    );
    return Item ? recordOf(this.options.tableName, Item) : undefined;
  }

  /** Applies an attempt's outcome; a dead-lettered record joins its subscription's dead letters. */
  async update(eventId: string, subscription: string, patch: DeliveryPatch, variant?: string): Promise<void> {
    const names: Record<string, string> = { '#status': 'status', '#dl': 'dlPk' };
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    for (const [field, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    const dead = patch.status === 'dead-lettered';
    if (dead) values[':dl'] = subscription;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.options.tableName,
        Key: keyOf(eventId, subscription, variant),
        UpdateExpression: `SET ${[...sets, ...(dead ? ['#dl = :dl'] : [])].join(', ')}${dead ? '' : ' REMOVE #dl'}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  /** Every subscription's record for one event. */
  async byEvent(eventId: string): Promise<DeliveryRecord[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.options.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `E#${eventId}` },
        ConsistentRead: true,
      }),
    );
    return (Items ?? []).map((item) => recordOf(this.options.tableName, item));
  }

  /** One page of a subscription's deliveries (or of its dead letters), newest first. */
  async bySubscription(
    subscription: string,
    options: { limit: number; start?: Record<string, unknown>; deadLettersOnly?: boolean },
  ): Promise<DeliveryPage> {
    const index = options.deadLettersOnly ? DELIVERY_INDEXES.deadLetters : DELIVERY_INDEXES.bySubscription;
    const { Items, LastEvaluatedKey } = await this.doc.send(
      new QueryCommand({
        TableName: this.options.tableName,
        IndexName: index,
        KeyConditionExpression: '#pk = :sub',
        ExpressionAttributeNames: { '#pk': options.deadLettersOnly ? 'dlPk' : 'bySubPk' },
        ExpressionAttributeValues: { ':sub': subscription },
        ScanIndexForward: false,
        Limit: options.limit,
        ...(options.start ? { ExclusiveStartKey: options.start } : {}),
      }),
    );
    return {
      deliveries: (Items ?? []).map((item) => recordOf(this.options.tableName, item)),
      ...(LastEvaluatedKey ? { next: LastEvaluatedKey } : {}),
    };
  }
}

/** A delivery item: the record, with the event as JSON (keys, index keys and TTL stripped). */
const deliveryItemSchema = z.object({
  deliveryId: z.string(),
  eventId: z.string(),
  subscription: z.string(),
  status: z.enum(['pending', 'delivered', 'retrying', 'dead-lettered']),
  attempt: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  httpStatus: z.optional(z.number()),
  latencyMs: z.optional(z.number()),
  lastError: z.optional(z.string()),
  variant: z.optional(z.string()),
  reason: z.optional(z.enum(['repeat', 'escalation'])),
  eventJson: z.string(),
} satisfies Record<Exclude<keyof DeliveryRecord, 'event'> | 'eventJson', z.core.$ZodType>);

function recordOf(table: string, item: Record<string, unknown>): DeliveryRecord {
  const { eventJson, ...record } = parseItem(table, deliveryItemSchema, item);
  return { ...record, event: JSON.parse(eventJson) as BusEvent };
}
