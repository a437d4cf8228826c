import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { documentClientOf } from './document-client.ts';
import { paginateQuery } from './sdk-lib-dynamodb.ts';

/**
 * An item read back from a table does not have the shape its store wrote: a bug, or a table written
 * by something else. Not a VigilError: it is an internal failure (an opaque 500, logged whole),
 * never an answer to the caller's input.
 */
export class StoredItemError extends Error {
  readonly code = 'STORED_ITEM_INVALID';

  constructor(
    readonly table: string,
    readonly field: string,
    problem: string,
  ) {
    super(`table ${table}: item field '${field}' ${problem}`);
    this.name = 'StoredItemError';
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) =>
      typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key),
    '',
  );
}

/** The rule an issue broke, from its data (zod/mini loads no message locale). */
function problemOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return `must be ${issue.expected}`;
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map(String).join(', ')}`;
  return `is invalid (${issue.code})`;
}

/**
 * `item` parsed by `schema`, or a StoredItemError naming the table and the first bad field. Object
 * schemas strip what they do not name (keys, index attributes, TTL), so the result is the domain value.
 */
export function parseItem<S extends z.core.$ZodType>(table: string, schema: S, item: unknown): z.output<S> {
  const result = z.safeParse(schema, item);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  if (!issue) throw new StoredItemError(table, '(item)', 'is invalid');
  throw new StoredItemError(table, pathOf(issue.path) || '(item)', problemOf(issue));
}

export interface DynamoStoreOptions {
  readonly tableName: string;
  readonly client: DynamoDBClient;
  /**
   * Where a store sends the writes it builds as attribute values (ingest's claim and history): a
   * client that may resolve its middleware once per command (`cacheMiddleware`), which a client
   * behind the document client must not. @default client
   */
  readonly plainClient?: DynamoDBClient;
  /** @default Date.now */
  readonly now?: () => number;
}

/** What every DynamoDB store starts from: its table, the one document client, the clock. */
export abstract class DynamoStore<Options extends DynamoStoreOptions = DynamoStoreOptions> {
  protected readonly doc: DynamoDBDocumentClient;
  /** For writes built as attribute values: `plainClient`, else `client`. */
  protected readonly plain: DynamoDBClient;
  protected readonly now: () => number;

  constructor(protected readonly options: Options) {
    this.doc = documentClientOf(options.client);
    this.plain = options.plainClient ?? options.client;
    this.now = options.now ?? Date.now;
  }

  /** `item`, read from this store's table, parsed by `schema` (see parseItem). */
  protected parse<S extends z.core.$ZodType>(schema: S, item: unknown): z.output<S> {
    return parseItem(this.options.tableName, schema, item);
  }

  /** Every item of one partition (`pk`), page by page, each made a value by `read`. */
  protected async queryPartition<T>(
    pk: string,
    read: (item: Record<string, unknown>) => T,
    consistent = false,
  ): Promise<T[]> {
    const values: T[] = [];
    const pages = paginateQuery(
      { client: this.doc },
      {
        TableName: this.options.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ...(consistent ? { ConsistentRead: true } : {}),
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) values.push(read(item));
    return values;
  }
}
