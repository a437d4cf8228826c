import * as z from 'zod/mini';
import {
  generateProducerKey,
  hashesEqual,
  hashProducerKey,
  keyIdOf,
  type ProducerIdentity,
} from '../core/producer-keys.ts';
import { GetCommand, PutCommand, paginateScan, UpdateCommand } from './sdk-lib-dynamodb.ts';
import { DynamoStore, type DynamoStoreOptions } from './stored-item.ts';

export interface ProducerKeyRecord extends ProducerIdentity {
  readonly keyId: string;
  readonly createdAt: string;
  readonly revokedAt?: string;
}

const keyItemSchema = z.object({
  pk: z.string(),
  hash: z.string(),
  producer: z.string(),
  sources: z.optional(z.array(z.string())),
  modules: z.optional(z.array(z.string())),
  commands: z.optional(z.boolean()),
  createdAt: z.string(),
  revokedAt: z.optional(z.string()),
});
type KeyItem = z.output<typeof keyItemSchema>;

/** A stored item's identity; `modules` stays absent on items written before module scopes. */
function identityOf(item: KeyItem): ProducerIdentity {
  return {
    producer: item.producer,
    sources: item.sources ?? [],
    ...(item.modules ? { modules: item.modules } : {}),
    ...(item.commands === undefined ? {} : { commands: item.commands }),
  };
}

/** Producer keys, stored only as SHA-256 hashes under their key id (the hash's first 16 hex digits). */
export class DynamoProducerKeyStore extends DynamoStore<DynamoStoreOptions> {
  /** Creates a key; the plain key is returned once and never stored. */
  async create(
    identity: ProducerIdentity,
    now = new Date(),
  ): Promise<{ key: string; record: ProducerKeyRecord }> {
    const key = generateProducerKey();
    const hash = hashProducerKey(key);
    const record: ProducerKeyRecord = {
      keyId: keyIdOf(hash),
      createdAt: now.toISOString(),
      ...identity,
      modules: identity.modules ?? [],
      commands: identity.commands === true,
    };
    await this.doc.send(
      new PutCommand({
        TableName: this.options.tableName,
        Item: {
          pk: record.keyId,
          hash,
          producer: identity.producer,
          sources: [...identity.sources],
          // Always stored, even empty: only keys from before module scopes lack the attribute.
          modules: [...(identity.modules ?? [])],
          commands: identity.commands === true,
          createdAt: record.createdAt,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { key, record };
  }

  /** Marks a key revoked (kept for audit). Returns false when no such key exists. */
  async revoke(keyId: string, now = new Date()): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: { pk: keyId },
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :now)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':now': now.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** The identity of a valid, unrevoked key; undefined for anything else. */
  async lookup(key: string): Promise<ProducerIdentity | undefined> {
    const hash = hashProducerKey(key);
    const { Item } = await this.doc.send(
      // Strongly consistent: a revocation is seen by the next lookup, not one replication later.
      new GetCommand({ TableName: this.options.tableName, Key: { pk: keyIdOf(hash) }, ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const item = this.parse(keyItemSchema, Item);
    if (item.revokedAt !== undefined || !hashesEqual(item.hash, hash)) return undefined;
    return identityOf(item);
  }

  /** All keys, for the admin command (a small table; never on a request path). */
  async list(): Promise<ProducerKeyRecord[]> {
    const records: ProducerKeyRecord[] = [];
    for await (const page of paginateScan({ client: this.doc }, { TableName: this.options.tableName })) {
      for (const stored of page.Items ?? []) {
        const item = this.parse(keyItemSchema, stored);
        records.push({
          keyId: item.pk,
          ...identityOf(item),
          createdAt: item.createdAt,
          ...(item.revokedAt ? { revokedAt: item.revokedAt } : {}),
        });
      }
    }
    return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
}
