import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Alert } from '#lib/core/alerts/alert.ts';
import {
  type AlertIndex,
  type AlertListPlan,
  mergeNewestFirst,
  statePartition,
} from '#lib/core/alerts/listing.ts';
import { chunksOf } from '#lib/core/chunks.ts';
import { alertKey, storedAlertOf } from './alert-items.ts';
import { BatchGetCommand, paginateQuery } from './sdk-lib-dynamodb.ts';

/** What an index entry carries: the keys, the list order and the attributes listing filters on. */
interface IndexEntry {
  readonly id: string;
}

/** BatchGetItem takes at most 100 keys. */
const BATCH_GET = 100;

/**
 * The listing index (byState) projects only what listing filters on (state, severity, source,
 * type), so a repeat, which changes none of it, writes no index entry; the alerts of a page are
 * then read from the table by key, in one BatchGetItem.
 */
export class AlertIndexReader {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** One page of `GET /alerts`: each planned index partition read newest first, merged, then read whole. */
  async list(plan: AlertListPlan): Promise<{ alerts: Alert[]; more: boolean }> {
    const partitions = await Promise.all(
      plan.partitions.map((partition) => this.readPartition(plan, partition)),
    );
    const page = mergeNewestFirst(partitions, plan.limit);
    return { alerts: await this.alerts(page.alerts.map((entry) => entry.id)), more: page.more };
  }

  /** Every open (new or acknowledged) alert, from the byState index, read whole a page at a time. */
  async *openAlerts(): AsyncIterable<Alert> {
    for (const state of ['new', 'acknowledged'] as const) {
      const pages = paginateQuery(
        { client: this.doc, pageSize: BATCH_GET },
        {
          TableName: this.tableName,
          IndexName: 'byState' satisfies AlertIndex,
          KeyConditionExpression: 'byStatePk = :pk',
          ExpressionAttributeValues: { ':pk': statePartition(state) },
        },
      );
      for await (const page of pages) {
        const ids = (page.Items ?? []).map((item) => String(item.listSk));
        for (const alert of await this.alerts(ids)) if (alert.state === state) yield alert;
      }
    }
  }

  /** The alerts of `ids`, in that order (one strongly consistent BatchGetItem per 100; an id gone is left out). */
  private async alerts(ids: readonly string[]): Promise<Alert[]> {
    const found = new Map<string, Alert>();
    for (const group of chunksOf(ids, BATCH_GET)) {
      let keys: Record<string, unknown>[] = group.map(alertKey);
      while (keys.length > 0) {
        const { Responses, UnprocessedKeys } = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of Responses?.[this.tableName] ?? []) {
          const { alert } = storedAlertOf(this.tableName, item);
          found.set(alert.id, alert);
        }
        keys = UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  /** Up to `limit + 1` matching index entries of one partition (one more than a page tells whether there is more). */
  private async readPartition(plan: AlertListPlan, partition: string): Promise<IndexEntry[]> {
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
    const found: IndexEntry[] = [];
    const pages = paginateQuery(
      { client: this.doc, pageSize: Math.min(plan.limit + 1, BATCH_GET) },
      {
        TableName: this.tableName,
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
      for (const item of page.Items ?? []) found.push({ id: String(item.listSk) });
      if (found.length > plan.limit) break;
    }
    return found;
  }
}
