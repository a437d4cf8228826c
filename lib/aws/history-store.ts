import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Envelope } from '../core/envelope.ts';
import { BY_ID_INDEX, impliedHistoryKey, LOOKUP_ID_ATTRIBUTE } from '../core/history/lookup.ts';
import { mergePage, type RowSource } from '../core/history/merge.ts';
import { type HistoryPage, pageOf } from '../core/history/page.ts';
import { firstReadLimit, nextReadLimit, type PartitionPlan, planQuery } from '../core/history/plan.ts';
import type { HistoryReader } from '../core/history/ports.ts';
import type { Order } from '../core/history/position.ts';
import type { HistoryFilter, HistoryQuery } from '../core/history/query.ts';
import type { HistoryKey } from '../core/ingest/dedup.ts';
import {
  type DynamoHistoryStoreOptions,
  DynamoHistoryWriter,
  type HistoryEnv,
  historyOptionsOf,
} from './history-writer.ts';
import { paginateQuery, QueryCommand } from './sdk-lib-dynamodb.ts';

export type { DynamoHistoryStoreOptions } from './history-writer.ts';

/**
 * The FilterExpression of a history read. Filtered-out items still consume read capacity (DynamoDB
 * filters after reading), so a narrow filter over a busy range reads the whole range: acceptable
 * for an operator's debugging tool, not for a hot path.
 */
function filterOf(filter: HistoryFilter, nowSeconds: number) {
  const clauses = ['#expiresAt > :now'];
  const names: Record<string, string> = { '#expiresAt': 'expiresAt' };
  const values: Record<string, unknown> = { ':now': nowSeconds };
  for (const field of ['source', 'type', 'severity'] as const) {
    const value = filter[field];
    if (value === undefined) continue;
    clauses.push(`#${field} = :${field}`);
    names[`#${field}`] = field;
    values[`:${field}`] = value;
  }
  return { expression: clauses.join(' AND '), names, values };
}

const bodyOf = (item: Record<string, unknown>) => JSON.parse(String(item.body)) as Envelope;

/** The history writer with the reads: `GET /events`, `GET /events/{id}`, replay's partitions. */
export class DynamoHistoryStore extends DynamoHistoryWriter implements HistoryReader {
  async get(key: HistoryKey): Promise<Envelope | undefined> {
    const item = await this.getItem(key, false);
    return item && !this.isExpired(item) ? bodyOf(item) : undefined;
  }

  /**
   * One page of `GET /events`. The buckets are read one after another and the shards of a bucket in
   * parallel, each partition lazily, a Query at a time (see planQuery, mergePage). Reads are strongly
   * consistent (twice the read units) so that a page sees every write acknowledged before it.
   */
  async query(query: HistoryQuery): Promise<HistoryPage> {
    const filter = filterOf(query.filter, Math.floor(this.now() / 1000));
    const readLimit = firstReadLimit(query.limit, this.options.shards);
    const buckets = planQuery(query, this.options.shards).map((bucket) =>
      bucket.partitions.map((partition) => this.partitionSource(partition, query.order, filter, readLimit)),
    );
    return pageOf(query, await mergePage(buckets, query.order, query.limit));
  }

  /**
   * `GET /events/{id}`: one GetItem at the key the id implies (every id Vigil mints), else the
   * sparse `byId` index, which holds only the events whose id does not imply their key.
   */
  async getById(id: string): Promise<Envelope | undefined> {
    const implied = impliedHistoryKey(id, this.options.shards);
    const item = implied && (await this.getItem(implied, true));
    if (item) return this.isExpired(item) ? undefined : bodyOf(item);
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.options.tableName,
        IndexName: this.options.idIndexName ?? BY_ID_INDEX,
        KeyConditionExpression: '#lookupId = :id',
        ExpressionAttributeNames: { '#lookupId': LOOKUP_ID_ATTRIBUTE },
        ExpressionAttributeValues: { ':id': id },
      }),
    );
    // An id accepted again after its dedup window ended has two items: the newest live one wins.
    const keys = (Items ?? []).map((key) => ({ pk: String(key.pk), sk: String(key.sk) }));
    keys.sort((a, b) => (a.sk < b.sk ? 1 : -1));
    for (const key of keys) {
      const found = await this.getItem(key, false);
      if (found && !this.isExpired(found)) return bodyOf(found);
    }
    return undefined;
  }

  /** One partition (hour bucket × shard), oldest first; expired items are filtered out, as TTL deletes lazily. */
  async readPartition(pk: string): Promise<Envelope[]> {
    const events: Envelope[] = [];
    const pages = paginateQuery(
      { client: this.doc },
      {
        TableName: this.options.tableName,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'expiresAt > :now',
        ExpressionAttributeValues: { ':pk': pk, ':now': Math.floor(this.now() / 1000) },
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) events.push(bodyOf(item));
    return events;
  }

  /** One partition of a query as a lazy source: each `next()` is one Query, from where the last stopped. */
  private partitionSource(
    partition: PartitionPlan,
    order: Order,
    filter: ReturnType<typeof filterOf>,
    firstLimit: number,
  ): RowSource<Envelope> {
    let startKey: Record<string, unknown> | undefined =
      partition.exclusiveStart === undefined ? undefined : { pk: partition.pk, sk: partition.exclusiveStart };
    let limit = firstLimit;
    return {
      next: async () => {
        const { Items, LastEvaluatedKey } = await this.doc.send(
          new QueryCommand({
            TableName: this.options.tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :skFrom AND :skTo',
            FilterExpression: filter.expression,
            ProjectionExpression: '#body',
            ExpressionAttributeNames: { ...filter.names, '#body': 'body' },
            ExpressionAttributeValues: {
              ...filter.values,
              ':pk': partition.pk,
              ':skFrom': partition.skFrom,
              ':skTo': partition.skTo,
            },
            ScanIndexForward: order === 'asc',
            ConsistentRead: true,
            Limit: limit,
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
          }),
        );
        startKey = LastEvaluatedKey;
        limit = nextReadLimit(limit);
        return { rows: (Items ?? []).map(bodyOf), done: LastEvaluatedKey === undefined };
      },
    };
  }
}

/** The history store of a function, from its environment (`HISTORY_TABLE_NAME`, `_SHARDS`, `_RETENTION_SECONDS`). */
export function historyStoreFromEnv(
  env: HistoryEnv,
  client: DynamoDBClient,
  options: Pick<DynamoHistoryStoreOptions, 'now' | 'retry'> = {},
): DynamoHistoryStore {
  return new DynamoHistoryStore(historyOptionsOf(env, client, options));
}
