import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, paginateQuery, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Alert } from '../core/alerts/alert.ts';
import {
  type AlertListPlan,
  alertIndexKeys,
  mergeNewestFirst,
  statePartition,
} from '../core/alerts/listing.ts';
import type { AlertStore, StoredAlert, TimelineEntry, WriteOutcome } from '../core/alerts/ports.ts';
import { type TransactItem, transactWithMarker } from './conditional-transaction.ts';

const MARKER_DAYS = 30;
const alertKey = (id: string) => ({ pk: `A#${id}`, sk: 'A' });
const pointerKey = (fingerprint: string) => ({ pk: `F#${fingerprint}`, sk: 'OPEN' });
const markerKey = (eventId: string) => ({ pk: `EV#${eventId}`, sk: 'EV' });

/** An item of the table or of an index, without its keys. */
function storedAlertOf(item: Record<string, unknown>): StoredAlert {
  const {
    pk: _pk,
    sk: _sk,
    version,
    byStatePk: _a,
    bySeverityPk: _b,
    bySourcePk: _c,
    listSk: _d,
    ...alert
  } = item;
  return { alert: alert as unknown as Alert, version: Number(version) };
}

export interface DynamoAlertStoreOptions {
  readonly tableName: string;
  readonly client: DynamoDBClient;
  readonly now?: () => number;
}

/**
 * Alerts in DynamoDB. Each change is one transaction: the alert (conditional on its version), its
 * timeline entry, the open-alert pointer of its fingerprint, and a marker of the event applied,
 * so concurrency and redelivery can neither lose nor double-count an update.
 */
export class DynamoAlertStore implements AlertStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly now: () => number;

  constructor(private readonly options: DynamoAlertStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.now = options.now ?? Date.now;
  }

  async findOpen(fingerprint: string): Promise<StoredAlert | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: pointerKey(fingerprint),
        ConsistentRead: true,
      }),
    );
    return Item ? this.get(String(Item.alertId)) : undefined;
  }

  async get(id: string): Promise<StoredAlert | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.options.tableName, Key: alertKey(id), ConsistentRead: true }),
    );
    return Item ? storedAlertOf(Item) : undefined;
  }

  /** One page of `GET /alerts`: each planned index partition read newest first, then merged. */
  async list(plan: AlertListPlan): Promise<{ alerts: Alert[]; more: boolean }> {
    const partitions = await Promise.all(
      plan.partitions.map((partition) => this.readPartition(plan, partition)),
    );
    return mergeNewestFirst(partitions, plan.limit);
  }

  async *openAlerts(): AsyncIterable<Alert> {
    for (const state of ['new', 'acknowledged'] as const) {
      const pages = paginateQuery(
        { client: this.doc, pageSize: 100 },
        {
          TableName: this.options.tableName,
          IndexName: 'byState',
          KeyConditionExpression: 'byStatePk = :pk',
          ExpressionAttributeValues: { ':pk': statePartition(state) },
        },
      );
      for await (const page of pages) for (const item of page.Items ?? []) yield storedAlertOf(item).alert;
    }
  }

  /** Up to `limit + 1` matching alerts of one partition (one more than a page tells whether there is more). */
  private async readPartition(plan: AlertListPlan, partition: string): Promise<Alert[]> {
    const filters = Object.entries(plan.filter);
    const names: Record<string, string> = { '#pk': `${plan.index}Pk` };
    const values: Record<string, unknown> = { ':pk': partition };
    if (plan.before !== undefined) {
      names['#sk'] = 'listSk';
      values[':before'] = plan.before;
    }
    filters.forEach(([field, value], i) => {
      names[`#f${i}`] = field;
      values[`:f${i}`] = value;
    });
    const found: Alert[] = [];
    const pages = paginateQuery(
      { client: this.doc, pageSize: Math.min(plan.limit + 1, 100) },
      {
        TableName: this.options.tableName,
        IndexName: plan.index,
        KeyConditionExpression: plan.before === undefined ? '#pk = :pk' : '#pk = :pk AND #sk < :before',
        ...(filters.length > 0
          ? { FilterExpression: filters.map((_, i) => `#f${i} = :f${i}`).join(' AND ') }
          : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) found.push(storedAlertOf(item).alert);
      if (found.length > plan.limit) break;
    }
    return found;
  }

  create(alert: Alert, entry: TimelineEntry): Promise<WriteOutcome> {
    return this.transact([
      {
        Put: {
          TableName: this.options.tableName,
          Item: { ...pointerKey(alert.fingerprint), alertId: alert.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: this.options.tableName,
          Item: this.alertItem(alert, 1),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...this.entryItems(alert.id, entry),
    ]);
  }

  update(alert: Alert, expectedVersion: number, entry: TimelineEntry): Promise<WriteOutcome> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.options.tableName,
          Item: this.alertItem(alert, expectedVersion + 1),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      },
      ...this.entryItems(alert.id, entry),
    ];
    if (alert.state === 'resolved') {
      items.push({
        Delete: {
          TableName: this.options.tableName,
          Key: pointerKey(alert.fingerprint),
          ConditionExpression: 'alertId = :id',
          ExpressionAttributeValues: { ':id': alert.id },
        },
      });
    }
    return this.transact(items);
  }

  async timeline(id: string): Promise<TimelineEntry[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.options.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :t)',
        ExpressionAttributeValues: { ':pk': `A#${id}`, ':t': 'T#' },
        ConsistentRead: true,
      }),
    );
    return (Items ?? []).map(({ pk: _pk, sk: _sk, ...entry }) => entry as TimelineEntry);
  }

  private alertItem(alert: Alert, version: number): Record<string, unknown> {
    return {
      ...alertKey(alert.id),
      ...alert,
      version,
      ...alertIndexKeys(alert),
    };
  }

  /** The timeline entry, and the applied-event marker when an event caused it (last, so its index is known). */
  private entryItems(alertId: string, entry: TimelineEntry): TransactItem[] {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.options.tableName,
          Item: {
            pk: `A#${alertId}`,
            sk: `T#${entry.at}#${entry.kind}#${entry.eventId ?? entry.by ?? ''}`,
            ...entry,
          },
        },
      },
    ];
    if (entry.eventId) {
      items.push({
        Put: {
          TableName: this.options.tableName,
          Item: {
            ...markerKey(entry.eventId),
            alertId,
            expiresAt: Math.floor(this.now() / 1000) + MARKER_DAYS * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    return items;
  }

  private transact(items: TransactItem[]): Promise<WriteOutcome> {
    const markerIndex = items.findIndex((item) => String(item.Put?.Item?.pk ?? '').startsWith('EV#'));
    return transactWithMarker(this.doc, items, markerIndex >= 0 ? markerIndex : undefined);
  }
}
