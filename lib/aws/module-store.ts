import * as z from 'zod/mini';
import { pause, type Timing } from '../core/backoff.ts';
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
import { putIfAbsent, type TransactItem, transactWithMarker } from './conditional-transaction.ts';
import {
  inboxItemOf,
  inboxKey,
  LIST_PK,
  logSk,
  markerKey,
  moduleOf,
  pk,
  recordOf,
  stateKey,
} from './module-items.ts';
import { TransactionCanceledException } from './sdk-dynamodb.ts';
import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  paginateQuery,
  QueryCommand,
  TransactWriteCommand,
} from './sdk-lib-dynamodb.ts';
import { DynamoStore, type DynamoStoreOptions } from './stored-item.ts';
import { MODULE_LIST_INDEX, markerExpiry } from './table-layout.ts';

/** An entry of the name index: the module's name is its sort key. */
const nameItemSchema = z.object({ listSk: z.string() });

/** `sleep`/`random` pace the retries of keys a BatchGetItem left unprocessed. */
export interface DynamoModuleStoreOptions extends DynamoStoreOptions, Timing {}

/** Retries of unprocessed BatchGetItem keys: 20 ms doubling, at most 8 tries in all. */
const UNPROCESSED_BACKOFF = { base: 20, cap: 2_560, jitter: 'equal' } as const;
const BATCH_GET_TRIES = 8;

/** The state item is still at the version read (absent before the first change). */
function versionCondition(expectedVersion: number) {
  return expectedVersion === 0
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : {
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': expectedVersion },
      };
}

/**
 * Modules in DynamoDB, one partition per module: `STATE` (the current state and its version), the
 * append-only log `T#<appliedAt>#<version>`, markers of handled events `EV#<eventId>` (30 days),
 * and the inbox of waiting events `Q#<rank>#<time>#<id>`. A change is one transaction in that
 * partition, conditional on the version: the new state, its log line, the event's marker and the
 * removal of its inbox item. This part reads and changes modules (all the admin function needs);
 * DynamoModuleStore below adds the inbox.
 */
export class DynamoModules
  extends DynamoStore<DynamoModuleStoreOptions>
  implements Omit<ModuleStore, ModuleStoreInboxPart>
{
  async get(module: string): Promise<StoredModule | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.options.tableName, Key: stateKey(module), ConsistentRead: true }),
    );
    return Item ? moduleOf(this.options.tableName, Item) : undefined;
  }

  /**
   * One query, newest key first over `Q#`…`STATE`: the state item, then the last inbox item if
   * any waits (nothing sorts between the two prefixes).
   */
  commit(change: ApplyCommit | RejectCommit): Promise<CommitOutcome> {
    const items: TransactItem[] =
      change.kind === 'apply'
        ? this.applyItems(change)
        : [
            {
              ConditionCheck: {
                TableName: this.options.tableName,
                Key: stateKey(change.module),
                ...versionCondition(change.expectedVersion),
              },
            },
          ];
    const markerIndex = items.length;
    items.push(this.markerPut(change));
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

  /** The new state (conditional on the version read) and its log line. */
  private applyItems({ module: stored, record, expectedVersion }: ApplyCommit): TransactItem[] {
    const { module } = stored;
    return [
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
          ...versionCondition(expectedVersion),
        },
      },
      putIfAbsent(this.options.tableName, {
        pk: pk(module),
        sk: logSk(record.appliedAt, record.version),
        ...record,
      }),
    ];
  }

  /** The handled event's marker, put only if absent: an event counts once, applied or refused. */
  private markerPut(change: ApplyCommit | RejectCommit): TransactItem {
    const apply = change.kind === 'apply';
    return putIfAbsent(this.options.tableName, {
      ...markerKey(
        apply ? change.module.module : change.module,
        apply ? change.record.eventId : change.eventId,
      ),
      outcome: apply ? 'applied' : 'rejected',
      version: apply ? change.record.version : change.expectedVersion,
      ...(apply ? {} : { error: change.error }),
      expiresAt: markerExpiry(this.now()),
    });
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
    const items = (Items ?? []).map((item) => recordOf(this.options.tableName, item));
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
    return item ? recordOf(this.options.tableName, item) : undefined;
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
    const names = (Items ?? []).map((item) => this.parse(nameItemSchema, item).listSk);
    const modules = await this.getMany(names);
    return { items: modules, ...(LastEvaluatedKey ? { after: String(LastEvaluatedKey.listSk) } : {}) };
  }

  /** The states of up to 100 modules, in the order asked (a page of the name index). */
  private async getMany(names: readonly string[]): Promise<StoredModule[]> {
    if (names.length === 0) return [];
    const found = new Map<string, StoredModule>();
    let keys: Record<string, unknown>[] = names.map(stateKey);
    for (let attempt = 0; keys.length > 0 && attempt < BATCH_GET_TRIES; attempt++) {
      const { Responses, UnprocessedKeys } = await this.doc.send(
        new BatchGetCommand({ RequestItems: { [this.options.tableName]: { Keys: keys } } }),
      );
      for (const item of Responses?.[this.options.tableName] ?? []) {
        const stored = moduleOf(this.options.tableName, item);
        found.set(stored.module, stored);
      }
      keys = UnprocessedKeys?.[this.options.tableName]?.Keys ?? [];
      if (keys.length > 0) await pause(UNPROCESSED_BACKOFF, attempt, this.options);
    }
    if (keys.length > 0) throw new Error(`${keys.length} module(s) left unread after retries`);
    return names.flatMap((name) => found.get(name) ?? []);
  }
}

type ModuleStoreInboxPart = 'snapshot' | 'discard' | 'enqueue' | 'inbox' | 'inboxHead' | 'isQueued';

/** The modules with their inbox of waiting events: the state function's whole store. */
export class DynamoModuleStore extends DynamoModules implements ModuleStore {
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
      ...(state ? { current: moduleOf(this.options.tableName, state) } : {}),
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
            putIfAbsent(this.options.tableName, { ...inboxKey(item), ...item }),
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
    for await (const page of pages)
      items.push(...(page.Items ?? []).map((item) => inboxItemOf(this.options.tableName, item)));
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
    return head ? inboxItemOf(this.options.tableName, head) : undefined;
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

  /**
   * One transaction: the new state and its log line (or, for a refusal, a check of the version),
   * the event's marker, and the removal of its inbox item when it came from the inbox.
   */
}
