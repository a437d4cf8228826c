import { GetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { Silence } from '../core/alerts/silences.ts';
import { DynamoStore, type DynamoStoreOptions } from './stored-item.ts';

/** Silences live in the Alerts table under one partition: a handful at a time, read whole. */
const PARTITION = 'SILENCES';

export class DynamoSilenceStore extends DynamoStore<DynamoStoreOptions> {
  async put(silence: Silence): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.options.tableName,
        Item: { pk: PARTITION, sk: silence.id, ...silence },
      }),
    );
  }

  async get(id: string): Promise<Silence | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: { pk: PARTITION, sk: id },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, ...silence } = Item;
    return silence as Silence;
  }

  async list(): Promise<Silence[]> {
    const silences: Silence[] = [];
    const pages = paginateQuery(
      { client: this.doc },
      {
        TableName: this.options.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': PARTITION },
      },
    );
    for await (const page of pages)
      for (const { pk: _pk, sk: _sk, ...silence } of page.Items ?? []) silences.push(silence as Silence);
    return silences;
  }
}
