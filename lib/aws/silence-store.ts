import * as z from 'zod/mini';
import { type Silence, silenceMatcherSchema } from '../core/alerts/silences.ts';
import { GetCommand, PutCommand } from './sdk-lib-dynamodb.ts';
import { DynamoStore, type DynamoStoreOptions } from './stored-item.ts';

/** Silences live in the Alerts table under one partition: a handful at a time, read whole. */
const PARTITION = 'SILENCES';

const silenceItemSchema = z.object({
  id: z.string(),
  matchers: z.array(silenceMatcherSchema),
  startsAt: z.string(),
  endsAt: z.string(),
  createdBy: z.string(),
  createdOnBehalfOf: z.optional(z.string()),
  comment: z.string(),
  createdAt: z.string(),
} satisfies Record<keyof Silence, z.core.$ZodType>);

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
    return Item ? this.parse(silenceItemSchema, Item) : undefined;
  }

  async list(): Promise<Silence[]> {
    return this.queryPartition(PARTITION, (item) => this.parse(silenceItemSchema, item));
  }
}
