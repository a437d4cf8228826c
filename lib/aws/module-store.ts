import { type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { inboxOrderKey } from '../core/state/inbox.ts';
import { stateSchema } from '../core/state/model.ts';
import type {
  ApplyCommit,
  CommitOutcome,
  InboxItem,
  ModuleSnapshot,
  ModuleStore,
  Page,
  RejectCommit,
  StoredModule,
  TransitionRecord,
} from '../core/state/ports.ts';
import { type TransactItem, transactWithMarker } from './conditional-transaction.ts';
import { documentClientOf } from './document-client.ts';

/** The index of module names (keys only: a state change does not write to it, only a new module does). */
export const MODULE_LIST_INDEX = 'byName';
const LIST_PK = 'MODULES';
const MARKER_DAYS = 30;

const pk = (module: string) => `M#${module}`;
const stateKey = (module: string) => ({ pk: pk(module), sk: 'STATE' });
const markerKey = (module: string, eventId: string) => ({ pk: pk(module), sk: `EV#${eventId}` });
const inboxKey = (item: InboxItem) => ({ pk: pk(item.module), sk: `Q#${inboxOrderKey(item)}` });
/** Log lines sort by the time applied, then the version (zero-padded so that text order is number order). */
const logSk = (appliedAt: string, version: number) => `T#${appliedAt}#${String(version).padStart(10, '0')}`;

export interface DynamoModuleStoreOptions {
  readonly tableName: string;
  readonly client: DynamoDBClient;
  readonly now?: () => number;
}

function moduleOf(item: Record<string, unknown>): StoredModule {
  return {
    module: String(item.module),
    state: stateSchema.parse(item),
    version: Number(item.version),
    updatedAt: String(item.updatedAt),
  };
}

function recordOf(item: Record<string, unknown>): TransitionRecord {
  const { pk: _pk, sk: _sk, ...record } = item;
  return record as unknown as TransitionRecord;
}

function inboxItemOf(item: Record<string, unknown>): InboxItem {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as unknown as InboxItem;
}

/**
 * Modules in DynamoDB, one partition per module: `STATE` (the current state and its version), the
 * append-only log `T#<appliedAt>#<version>`, markers of handled events `EV#<eventId>` (30 days),
 * and the inbox of waiting events `Q#<rank>#<time>#<id>`. A change is one transaction in that
 * partition, conditional on the version: the new state, its log line, the event's marker and the
 * removal of its inbox item.
 */
export class DynamoModuleStore implements ModuleStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly now: () => number;

  constructor(private readonly options: DynamoModuleStoreOptions) {
    this.doc = documentClientOf(options.client);
    this.now = options.now ?? Date.now;
  }

  async get(module: string): Promise<StoredModule | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.options.tableName, Key: stateKey(module), ConsistentRead: true }),
    );
    return Item ? moduleOf(Item) : undefined;
  }

  /**
   * One query, newest key first over `Q#`…`STATE`: the state item, then the last inbox item if
   * any waits (nothing sorts between the two prefixes).
   */
  async snapshot(module: string): Promise<ModuleSnapshot> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.options.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :q AND :state',
        ExpressionAttributeValues: { ':pk': pk(module), ':q': 'Q#', ':state': 'STATE' },
        ConsistentRead: true,
        ScanIndexForward: false,
        Limit: 2,
      }),
    );
    const state = (Items ?? []).find((item) => item.sk === 'STATE');
    return {
      ...(state ? { current: moduleOf(state) } : {}),
      inboxWaiting: (Items ?? []).some((item) => String(item.sk).startsWith('Q#')),
    };
  }

  async discard(item: InboxItem): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.options.tableName, Key: inboxKey(item) }));
  }

  async enqueue(item: InboxItem): Promise<'queued' | 'already-queued' | 'already-applied'> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.options.tableName,
                Item: { ...inboxKey(item), ...item },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              ConditionCheck: {
                TableName: this.options.tableName,
                Key: markerKey(item.module, item.id),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return 'queued';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [queued, marker] = error.CancellationReasons ?? [];
      if (marker?.Code === 'ConditionalCheckFailed') return 'already-applied';
      if (queued?.Code === 'ConditionalCheckFailed') return 'already-queued';
      throw error;
    }
  }

  /** Every waiting event, in queue order, over as many pages as it takes. */
  async inbox(module: string): Promise<InboxItem[]> {
    const items: InboxItem[] = [];
    const pages = paginateQuery(
      { client: this.doc },
      {
        TableName: this.options.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :q)',
        ExpressionAttributeValues: { ':pk': pk(module), ':q': 'Q#' },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) items.push(...(page.Items ?? []).map(inboxItemOf));
    return items;
  }

  async inboxHead(module: string): Promise<InboxItem | undefined> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.options.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :q)',
        ExpressionAttributeValues: { ':pk': pk(module), ':q': 'Q#' },
        ConsistentRead: true,
        Limit: 1,
      }),
    );
    const [head] = Items ?? [];
    return head ? inboxItemOf(head) : undefined;
  }

  async isQueued(item: InboxItem): Promise<boolean> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: inboxKey(item),
        ConsistentRead: true,
        ProjectionExpression: 'pk',
      }),
    );
    return Item !== undefined;
  }

  commit(change: ApplyCommit | RejectCommit): Promise<CommitOutcome> {
    const module = change.kind === 'apply' ? change.module.module : change.module;
    const eventId = change.kind === 'apply' ? change.record.eventId : change.eventId;
    const versionCondition =
      change.expectedVersion === 0
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': change.expectedVersion },
          };
    const items: TransactItem[] = [];
    if (change.kind === 'apply') {
      const { module: stored, record } = change;
      items.push(
        {
          Put: {
            TableName: this.options.tableName,
            Item: {
              ...stateKey(module),
              module,
              ...stored.state,
              version: stored.version,
              updatedAt: stored.updatedAt,
              listPk: LIST_PK,
              listSk: module,
            },
            ...versionCondition,
          },
        },
        {
          Put: {
            TableName: this.options.tableName,
            Item: { pk: pk(module), sk: logSk(record.appliedAt, record.version), ...record },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      );
    } else {
      items.push({
        ConditionCheck: { TableName: this.options.tableName, Key: stateKey(module), ...versionCondition },
      });
    }
    const markerIndex = items.length;
    items.push({
      Put: {
        TableName: this.options.tableName,
        Item: {
          ...markerKey(module, eventId),
          outcome: change.kind === 'apply' ? 'applied' : 'rejected',
          version: change.kind === 'apply' ? change.record.version : change.expectedVersion,
          ...(change.kind === 'reject' ? { error: change.error } : {}),
          expiresAt: Math.floor(this.now() / 1000) + MARKER_DAYS * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    if (change.inboxItem) {
      items.push({
        Delete: {
          TableName: this.options.tableName,
          Key: inboxKey(change.inboxItem),
          ConditionExpression: 'attribute_exists(pk)',
        },
      });
    }
    return transactWithMarker(this.doc, items, markerIndex);
  }

  async transitions(
    module: string,
    range: { from?: string; to?: string; limit: number; after?: string },
  ): Promise<Page<TransitionRecord>> {
    const { Items, LastEvaluatedKey } = await this.doc.send(
      new QueryCommand({
        TableName: this.options.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': pk(module),
          ':from': `T#${range.from ?? ''}`,
          // '~' sorts after every character of a timestamp and of '#<version>'.
          ':to': `T#${range.to ?? '~'}#~`,
        },
        Limit: range.limit,
        ...(range.after ? { ExclusiveStartKey: { pk: pk(module), sk: range.after } } : {}),
      }),
    );
    const items = (Items ?? []).map(recordOf);
    return { items, ...(LastEvaluatedKey ? { after: String(LastEvaluatedKey.sk) } : {}) };
  }

  async transitionAt(module: string, at: string): Promise<TransitionRecord | undefined> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.options.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk(module), ':from': 'T#', ':to': `T#${at}#~` },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const [item] = Items ?? [];
    return item ? recordOf(item) : undefined;
  }

  async list(page: { limit: number; after?: string }): Promise<Page<StoredModule>> {
    const { Items, LastEvaluatedKey } = await this.doc.send(
      new QueryCommand({
        TableName: this.options.tableName,
        IndexName: MODULE_LIST_INDEX,
        KeyConditionExpression: 'listPk = :list',
        ExpressionAttributeValues: { ':list': LIST_PK },
        Limit: page.limit,
        ...(page.after
          ? { ExclusiveStartKey: { listPk: LIST_PK, listSk: page.after, ...stateKey(page.after) } }
          : {}),
      }),
    );
    const names = (Items ?? []).map((item) => String(item.listSk));
    const modules = await this.getMany(names);
    return { items: modules, ...(LastEvaluatedKey ? { after: String(LastEvaluatedKey.listSk) } : {}) };
  }

  /** The states of up to 100 modules, in the order asked (a page of the name index). */
  private async getMany(names: readonly string[]): Promise<StoredModule[]> {
    if (names.length === 0) return [];
    const found = new Map<string, StoredModule>();
    let keys: Record<string, unknown>[] = names.map(stateKey);
    for (let attempt = 0; keys.length > 0 && attempt < 8; attempt++) {
      const { Responses, UnprocessedKeys } = await this.doc.send(
        new BatchGetCommand({ RequestItems: { [this.options.tableName]: { Keys: keys } } }),
      );
      for (const item of Responses?.[this.options.tableName] ?? [])
        found.set(String(item.module), moduleOf(item));
      keys = UnprocessedKeys?.[this.options.tableName]?.Keys ?? [];
      if (keys.length > 0) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 20));
    }
    if (keys.length > 0) throw new Error(`${keys.length} module(s) left unread after retries`);
    return names.flatMap((name) => found.get(name) ?? []);
  }
}
