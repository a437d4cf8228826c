import * as z from 'zod/mini';
import {
  ANNOUNCEMENT_RETENTION_DAYS,
  type AnnouncementOutbox,
  type KeptAnnouncement,
} from '#lib/core/announcements/outbox.ts';
import { chunksOf } from '#lib/core/chunks.ts';
import type { Envelope } from '#lib/core/envelope.ts';
import { BatchWriteCommand, DeleteCommand, QueryCommand, UpdateCommand } from './sdk-lib-dynamodb.ts';
import { DynamoStore, type DynamoStoreOptions } from './stored-item.ts';
import { ttlAfterDays } from './table-layout.ts';

/** One partition: the outbox is an exception path, a handful of items, read oldest first. */
const PK = 'OUTBOX';
const skOf = (item: KeptAnnouncement) => `${item.keptAt}#${item.envelope.id}`;

/** A kept announcement: the envelope as JSON and why it was kept. */
const keptItemSchema = z.object({
  envelope: z.string(),
  busSource: z.string(),
  keptAt: z.string(),
  errorCode: z.string(),
  errorMessage: z.string(),
  attempts: z.number(),
} satisfies Record<keyof KeptAnnouncement, z.core.$ZodType>);

/**
 * The announcements outbox on DynamoDB: `pk` OUTBOX, `sk` `<keptAt>#<id>`, the envelope as JSON,
 * TTL `expiresAt` (ANNOUNCEMENT_RETENTION_DAYS). Expired items are filtered out of every read.
 */
export class DynamoAnnouncementOutbox extends DynamoStore<DynamoStoreOptions> implements AnnouncementOutbox {
  async keep(items: readonly KeptAnnouncement[]): Promise<void> {
    const expiresAt = ttlAfterDays(this.now(), ANNOUNCEMENT_RETENTION_DAYS);
    for (const chunk of chunksOf(items, 25)) {
      let unprocessed = await this.doc.send(
        new BatchWriteCommand({
          RequestItems: {
            [this.options.tableName]: chunk.map((item) => ({
              PutRequest: {
                Item: {
                  pk: PK,
                  sk: skOf(item),
                  envelope: JSON.stringify(item.envelope),
                  busSource: item.busSource,
                  keptAt: item.keptAt,
                  errorCode: item.errorCode,
                  errorMessage: item.errorMessage,
                  attempts: item.attempts,
                  expiresAt,
                },
              },
            })),
          },
        }),
      );
      // BatchWrite may leave items unprocessed under throttling: try them once more, then fail loudly.
      if (Object.keys(unprocessed.UnprocessedItems ?? {}).length > 0) {
        unprocessed = await this.doc.send(
          new BatchWriteCommand({ RequestItems: unprocessed.UnprocessedItems }),
        );
        if (Object.keys(unprocessed.UnprocessedItems ?? {}).length > 0)
          throw new Error('the outbox left announcements unprocessed');
      }
    }
  }

  async oldest(limit: number): Promise<KeptAnnouncement[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.options.tableName,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'expiresAt > :now',
        ExpressionAttributeValues: { ':pk': PK, ':now': Math.floor(this.now() / 1000) },
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (Items ?? []).map((item) => {
      const { envelope, ...kept } = this.parse(keptItemSchema, item);
      return { ...kept, envelope: JSON.parse(envelope) as Envelope };
    });
  }

  async remove(item: KeptAnnouncement): Promise<void> {
    await this.doc.send(
      new DeleteCommand({ TableName: this.options.tableName, Key: { pk: PK, sk: skOf(item) } }),
    );
  }

  async recordFailure(item: KeptAnnouncement, error: { code: string; message: string }): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.options.tableName,
        Key: { pk: PK, sk: skOf(item) },
        UpdateExpression: 'SET attempts = attempts + :one, errorCode = :code, errorMessage = :message',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1, ':code': error.code, ':message': error.message },
      }),
    );
  }
}
