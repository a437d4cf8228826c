import { randomBytes } from 'node:crypto';
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { DynamoHistoryStore } from '#lib/aws/history-store.ts';
import type { Envelope } from '#lib/core/envelope.ts';
import { BY_ID_INDEX, eventIdSchema, LOOKUP_ID_ATTRIBUTE } from '#lib/core/history/lookup.ts';
import { parseWith } from '#lib/core/validation.ts';
import { ensureTables, tableSpecsFromTemplate } from '#lib/local/template-tables.ts';
import { localDynamoDbClient } from '../support/dynamodb.ts';

/** Far ahead of the real clock, so DynamoDB Local's own TTL deletes nothing this test writes. */
const NOW = Date.parse('2099-03-04T05:06:07.089Z');
const RETENTION_SECONDS = 7 * 86_400;
const client = localDynamoDbClient();
let table: string;

/**
 * The History table from the synthesized template, with the sparse `byId` index this store expects
 * added when the template does not have it yet (it belongs in infra/constructs/event-store.ts).
 */
async function historyTableWithIdIndex(): Promise<string> {
  const name = `t${randomBytes(4).toString('hex')}-History`;
  const spec = tableSpecsFromTemplate(inject('tableResources'), () => name).find((s) =>
    /^EventStoreHistory/.test(s.logicalId),
  );
  if (!spec) throw new Error('no History table in the template');
  const indexes = spec.create.GlobalSecondaryIndexes ?? [];
  const create = indexes.some((index) => index.IndexName === BY_ID_INDEX)
    ? spec.create
    : {
        ...spec.create,
        AttributeDefinitions: [
          ...(spec.create.AttributeDefinitions ?? []),
          { AttributeName: LOOKUP_ID_ATTRIBUTE, AttributeType: 'S' as const },
        ],
        GlobalSecondaryIndexes: [
          ...indexes,
          {
            IndexName: BY_ID_INDEX,
            KeySchema: [{ AttributeName: LOOKUP_ID_ATTRIBUTE, KeyType: 'HASH' as const }],
            Projection: { ProjectionType: 'KEYS_ONLY' as const },
          },
        ],
      };
  await ensureTables(client, [{ ...spec, create }]);
  return name;
}

function store(now = NOW): DynamoHistoryStore {
  return new DynamoHistoryStore({
    tableName: table,
    client,
    shards: 16,
    retentionSeconds: RETENTION_SECONDS,
    now: () => now,
  });
}

/** An event as ingest makes it: id and receivedAt from one clock reading; `idMs` for a producer's id. */
function envelope(receivedMs: number, idMs = receivedMs): Envelope {
  const receivedAt = new Date(receivedMs).toISOString();
  return {
    id: ulid(idMs),
    source: 'sensor.a',
    type: 'door.open',
    severity: 'INFO',
    time: receivedAt,
    receivedAt,
  };
}

/** Counts the commands sent and, for writes, the capacity units they consumed (indexes included). */
function meter() {
  const sent: string[] = [];
  let writeUnits = 0;
  // Asked for before serialisation; counted once per call (the document client passes `initialize` twice).
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      return next(args);
    },
    { step: 'initialize', name: 'askCapacity' },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number }[] })
        .ConsumedCapacity;
      if (context.commandName === 'BatchWriteItemCommand')
        writeUnits += (consumed ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      return result;
    },
    { step: 'build', name: 'meter' },
  );
  onTestFinished(() => {
    client.middlewareStack.remove('askCapacity');
    client.middlewareStack.remove('meter');
  });
  return { sent, writeUnits: () => writeUnits };
}

async function itemOf(event: Envelope): Promise<Record<string, unknown> | undefined> {
  const key = store().keyOf(event);
  const { Item } = await client.send(
    new GetItemCommand({ TableName: table, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }),
  );
  return Item;
}

beforeAll(async () => {
  table = await historyTableWithIdIndex();
});

describe('Store: DynamoHistoryStore.getById against the real DynamoDB', () => {
  it('finds an event Vigil minted the id of with one GetItem, and writes it without an index entry', async () => {
    // Prepare
    const event = envelope(NOW - 60_000);
    const m = meter();
    await store().put([event]);
    const writeUnits = m.writeUnits();
    m.sent.length = 0;

    // Act
    const found = await store().getById(event.id);

    // Assess
    expect(found).toEqual(event);
    expect(m.sent).toEqual(['GetItemCommand']);
    expect(writeUnits).toBe(1);
    expect((await itemOf(event))?.[LOOKUP_ID_ATTRIBUTE]).toBeUndefined();
  });

  it("finds an event with a producer's id through the sparse byId index", async () => {
    // Prepare: the producer made its id a minute before ingest received it
    const event = envelope(NOW - 30_000, NOW - 90_000);
    const m = meter();
    await store().put([event]);
    const writeUnits = m.writeUnits();
    m.sent.length = 0;

    // Act
    const found = await store().getById(event.id);

    // Assess
    expect(found).toEqual(event);
    expect(m.sent).toEqual(['GetItemCommand', 'QueryCommand', 'GetItemCommand']);
    expect(writeUnits).toBe(2);
    expect((await itemOf(event))?.[LOOKUP_ID_ATTRIBUTE]).toEqual({ S: event.id });
  });

  it('accepts the id in lower case, as ULIDs are case-insensitive', async () => {
    // Prepare
    const event = envelope(NOW - 20_000);
    await store().put([event]);

    // Act
    const found = await store().getById(parseWith(eventIdSchema, event.id.toLowerCase(), 'id'));

    // Assess
    expect(found?.id).toBe(event.id);
  });

  it('hides an expired event on either path, and finds nothing for an unknown id', async () => {
    // Prepare
    const minted = envelope(NOW - 10_000);
    const supplied = envelope(NOW - 10_000, NOW - 3_600_000);
    await store().put([minted, supplied]);
    const afterRetention = store(NOW + (RETENTION_SECONDS + 60) * 1000);

    // Act & Assess
    expect(await afterRetention.getById(minted.id)).toBeUndefined();
    expect(await afterRetention.getById(supplied.id)).toBeUndefined();
    expect(await store().getById(ulid(NOW))).toBeUndefined();
  });

  it('answers with the newest live item when a producer id was accepted twice (after its dedup window)', async () => {
    // Prepare
    const first = envelope(NOW - 2 * 86_400_000, NOW - 3 * 86_400_000);
    const second = { ...first, receivedAt: new Date(NOW - 1000).toISOString(), message: 'again' };
    await store().put([first, second]);

    // Act
    const found = await store().getById(first.id);

    // Assess
    expect(found).toEqual(second);
  });

  it('indexes only the events whose id does not imply their key', async () => {
    // Prepare
    const minted = Array.from({ length: 20 }, (_, i) => envelope(NOW - i * 1000));
    const supplied = envelope(NOW - 5000, NOW);
    await store().put([...minted, supplied]);

    // Act
    const { Items } = await client.send(new ScanCommand({ TableName: table, IndexName: BY_ID_INDEX }));

    // Assess
    const indexed = (Items ?? []).map((item) => item[LOOKUP_ID_ATTRIBUTE]?.S);
    expect(indexed).toContain(supplied.id);
    expect(indexed.filter((id) => minted.some((e) => e.id === id))).toEqual([]);
  });
});
