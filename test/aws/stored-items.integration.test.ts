import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { DynamoAlertStore } from '#lib/aws/alert-store.ts';
import { documentClientOf } from '#lib/aws/document-client.ts';
import { DynamoModuleStore } from '#lib/aws/module-store.ts';
import { DynamoReplayStore } from '#lib/aws/replay-store.ts';
import { parseItem, StoredItemError } from '#lib/aws/stored-item.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';

let tables: TestTables;

beforeAll(async () => {
  tables = await createTestTables();
});

async function put(table: string, item: Record<string, unknown>): Promise<void> {
  await documentClientOf(tables.client).send(new PutCommand({ TableName: table, Item: item }));
}

/** What a read threw, for assertions on its fields. */
async function failureOf(read: Promise<unknown>): Promise<StoredItemError> {
  const error = await read.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof StoredItemError))
    throw new Error(`expected a StoredItemError, got ${String(error)}`);
  return error;
}

describe('Function: parseItem', () => {
  it('strips what the schema does not name and keeps the rest', () => {
    // Prepare
    const schema = z.object({ name: z.string(), count: z.number() });

    // Act
    const parsed = parseItem('Things', schema, { pk: 'T#1', sk: 'T', name: 'a', count: 2 });

    // Assess
    expect(parsed).toEqual({ name: 'a', count: 2 });
  });

  it('names the table, the nested field and the rule it broke', () => {
    // Prepare
    const schema = z.object({ counts: z.object({ items: z.array(z.number()) }) });

    // Act
    const act = () => parseItem('Things', schema, { counts: { items: [1, 'two'] } });

    // Assess
    expect(act).toThrow(StoredItemError);
    expect(act).toThrow("table Things: item field 'counts.items[1]' must be number");
  });
});

describe('Class: DynamoStore item schemas', () => {
  it('reports an alert with an unknown severity by table and field', async () => {
    // Prepare
    const store = new DynamoAlertStore({ tableName: tables.alerts, client: tables.client });
    await put(tables.alerts, {
      pk: 'EV#bad-severity',
      sk: 'EV',
      id: 'bad-severity',
      fingerprint: 'f',
      state: 'new',
      severity: 'LOUD',
      source: 's',
      type: 't',
      count: 1,
      firstSeenAt: '2026-11-27T00:00:00.000Z',
      lastSeenAt: '2026-11-27T00:00:00.000Z',
      lastEventId: 'e',
      version: 1,
    });

    // Act
    const error = await failureOf(store.get('bad-severity'));

    // Assess
    expect(error.code).toBe('STORED_ITEM_INVALID');
    expect(error.table).toBe(tables.alerts);
    expect(error.field).toBe('severity');
    expect(error.message).toContain('must be one of INFO, WARNING, CRITICAL');
  });

  it('reports a module state item missing a layer', async () => {
    // Prepare
    const store = new DynamoModuleStore({ tableName: tables.modules, client: tables.client });
    await put(tables.modules, {
      pk: 'M#half-written',
      sk: 'STATE',
      module: 'half-written',
      lifecycle: 'Active',
      operational: 'Running',
      version: 3,
      updatedAt: '2026-11-27T00:00:00.000Z',
    });

    // Act
    const error = await failureOf(store.get('half-written'));

    // Assess
    expect(error.message).toBe(
      `table ${tables.modules}: item field 'health' must be one of Healthy, Warning, Critical`,
    );
  });

  it('reports a replay record whose counts are text', async () => {
    // Prepare
    const store = new DynamoReplayStore({ tableName: tables.replays, client: tables.client });
    await put(tables.replays, {
      pk: 'R#bad-counts',
      id: 'bad-counts',
      status: 'running',
      request: { from: '2026-11-26T00:00:00.000Z', to: '2026-11-27T00:00:00.000Z' },
      counts: { matched: '3', published: 0, failed: 0 },
      createdAt: '2026-11-27T00:00:00.000Z',
      updatedAt: '2026-11-27T00:00:00.000Z',
      runs: 1,
    });

    // Act
    const error = await failureOf(store.get('bad-counts'));

    // Assess
    expect(error.field).toBe('counts.matched');
    expect(error.message).toContain('must be number');
  });

  it('reads a well-formed replay record back without its lease and TTL', async () => {
    // Prepare
    const store = new DynamoReplayStore({ tableName: tables.replays, client: tables.client });
    const record = {
      id: 'good',
      status: 'running' as const,
      request: { from: '2026-11-26T00:00:00.000Z', to: '2026-11-27T00:00:00.000Z' },
      counts: { matched: 3, published: 2, failed: 1 },
      cursor: { receivedAt: '2026-11-26T10:00:00.000Z', id: '01KB0000000000000000000000' },
      createdAt: '2026-11-27T00:00:00.000Z',
      updatedAt: '2026-11-27T00:00:00.000Z',
      runs: 1,
    };
    await put(tables.replays, { pk: 'R#good', ...record, leaseOwner: 'x', leaseUntil: 1, expiresAt: 2 });

    // Act
    const read = await store.get('good');

    // Assess
    expect(read).toEqual(record);
  });
});
