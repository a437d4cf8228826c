import {
  type AttributeValue,
  DeleteItemCommand,
  DescribeTableCommand,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { LocalTable } from '#lib/local/topology.ts';
import { sweepTable, TtlSweeper } from '#lib/local/ttl-sweeper.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';

const DAY = 86_400;
/**
 * DynamoDB Local itself deletes items whose TTL is behind the real clock, so the sweeper is run
 * with a clock 30 days ahead: the items it must delete are still in the future for the server.
 */
const NOW = Math.floor(Date.now() / 1000) + 30 * DAY;
const NOW_MS = NOW * 1000;

let tables: TestTables;

beforeAll(async () => {
  tables = await createTestTables();
});

/** The sweeper's view of a test table: its name, key schema and the `expiresAt` TTL attribute. */
async function localTable(name: string): Promise<LocalTable> {
  const { Table } = await tables.client.send(new DescribeTableCommand({ TableName: name }));
  return {
    logicalId: name,
    name,
    arn: Table?.TableArn ?? `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`,
    create: { TableName: name, KeySchema: Table?.KeySchema },
    ttlAttribute: 'expiresAt',
  };
}

async function put(table: string, item: Record<string, AttributeValue>): Promise<void> {
  await tables.client.send(new PutItemCommand({ TableName: table, Item: item }));
}

async function historyKeys(pk: string): Promise<string[]> {
  const { Items } = await tables.client.send(
    new ScanCommand({
      TableName: tables.history,
      ConsistentRead: true,
      FilterExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: pk } },
    }),
  );
  return (Items ?? []).map((item) => String(item.sk?.S)).sort();
}

describe('Function: sweepTable', () => {
  it('deletes the expired items and keeps the others', async () => {
    // Prepare
    const pk = 'sweep-rules';
    const items: [string, AttributeValue | undefined][] = [
      ['expired-a-second-ago', { N: String(NOW - 1) }],
      ['expired-a-day-ago', { N: String(NOW - DAY) }],
      ['expired-twenty-days-ago', { N: String(NOW - 20 * DAY) }],
      ['expires-now', { N: String(NOW) }],
      ['expires-tomorrow', { N: String(NOW + DAY) }],
      ['no-ttl', undefined],
      ['more-than-five-years-ago', { N: String(NOW - 5 * 365 * DAY - 60 * DAY) }],
      ['string-ttl', { S: String(NOW - DAY) }],
      ['millisecond-ttl-in-the-past-read-as-far-future', { N: String(NOW_MS - DAY * 1000) }],
    ];
    for (const [sk, expiresAt] of items) {
      await put(tables.history, { pk: { S: pk }, sk: { S: sk }, ...(expiresAt ? { expiresAt } : {}) });
    }
    const table = await localTable(tables.history);

    // Act
    const deleted = await sweepTable(tables.client, table, NOW_MS);

    // Assess
    expect(deleted).toBe(3);
    expect(await historyKeys(pk)).toEqual(
      [
        'expires-now',
        'expires-tomorrow',
        'no-ttl',
        'more-than-five-years-ago',
        'string-ttl',
        'millisecond-ttl-in-the-past-read-as-far-future',
      ].sort(),
    );
  });

  it('deletes by the full key of a table with a hash key only', async () => {
    // Prepare
    await put(tables.dedup, { pk: { S: 'dedup-expired' }, expiresAt: { N: String(NOW - 10) } });
    await put(tables.dedup, { pk: { S: 'dedup-live' }, expiresAt: { N: String(NOW + 10) } });
    const table = await localTable(tables.dedup);

    // Act
    const deleted = await sweepTable(tables.client, table, NOW_MS);

    // Assess
    const { Items } = await tables.client.send(
      new ScanCommand({ TableName: tables.dedup, ConsistentRead: true }),
    );
    const left = (Items ?? []).map((item) => item.pk?.S);
    expect(deleted).toBe(1);
    expect(left).toContain('dedup-live');
    expect(left).not.toContain('dedup-expired');
  });

  it('does nothing for a table without a TTL attribute', async () => {
    // Prepare
    const pk = 'no-ttl-attribute';
    await put(tables.history, { pk: { S: pk }, sk: { S: 'old' }, expiresAt: { N: String(NOW - DAY) } });
    onTestFinished(async () => {
      const Key = { pk: { S: pk }, sk: { S: 'old' } };
      await tables.client.send(new DeleteItemCommand({ TableName: tables.history, Key }));
    });
    const { ttlAttribute: _ttl, ...withoutTtl } = await localTable(tables.history);

    // Act
    const deleted = await sweepTable(tables.client, withoutTtl, NOW_MS);

    // Assess
    expect(deleted).toBe(0);
    expect(await historyKeys(pk)).toEqual(['old']);
  });
  it('sweeps a table in segments that together delete every expired item once', async () => {
    // Prepare
    const pk = 'segments';
    for (let i = 0; i < 12; i++)
      await put(tables.history, { pk: { S: pk }, sk: { S: `s${i}` }, expiresAt: { N: String(NOW - 5) } });
    await put(tables.history, {
      pk: { S: `${pk}-kept` },
      sk: { S: 'k' },
      expiresAt: { N: String(NOW + 60) },
    });
    const table = await localTable(tables.history);

    // Act
    const deleted: number[] = [];
    for (let index = 0; index < 4; index++)
      deleted.push(await sweepTable(tables.client, table, NOW_MS, { index, total: 4 }));

    // Assess: all twelve items share a partition, so one segment holds them all
    expect(deleted.reduce((a, b) => a + b, 0)).toBe(12);
    expect(deleted.filter((n) => n > 0)).toHaveLength(1);
    expect(await historyKeys(pk)).toEqual([]);
    expect(await historyKeys(`${pk}-kept`)).toEqual(['k']);
  });
});

describe('Class: TtlSweeper', () => {
  it('sweeps every table and reports the deletions through onSweep', async () => {
    // Prepare
    await put(tables.history, { pk: { S: 'sweeper' }, sk: { S: 'a' }, expiresAt: { N: String(NOW - 5) } });
    await put(tables.history, { pk: { S: 'sweeper' }, sk: { S: 'b' }, expiresAt: { N: String(NOW - 6) } });
    await put(tables.history, { pk: { S: 'sweeper' }, sk: { S: 'c' }, expiresAt: { N: String(NOW + 60) } });
    await put(tables.dedup, { pk: { S: 'sweeper-dedup' }, expiresAt: { N: String(NOW - 5) } });
    const reports: [string, number][] = [];
    const sweeper = new TtlSweeper({
      client: tables.client,
      tables: [await localTable(tables.history), await localTable(tables.dedup)],
      now: () => NOW_MS,
      onSweep: (table, deleted) => reports.push([table, deleted]),
    });

    // Act
    await sweeper.sweep();

    // Assess
    expect(reports).toEqual([
      [tables.history, 2],
      [tables.dedup, 1],
    ]);
    expect(await historyKeys('sweeper')).toEqual(['c']);
  });

  it('reports nothing when nothing expired', async () => {
    // Prepare: on the real clock, every item still there has a future TTL (or none the sweeper reads)
    const reports: [string, number][] = [];
    const sweeper = new TtlSweeper({
      client: tables.client,
      tables: [await localTable(tables.history)],
      now: () => NOW_MS - 30 * DAY * 1000,
      onSweep: (table, deleted) => reports.push([table, deleted]),
    });

    // Act
    await sweeper.sweep();

    // Assess
    expect(reports).toEqual([]);
  });

  it('sweeps on its own interval once started, a segment of every table a tick', async () => {
    // Prepare
    await put(tables.history, { pk: { S: 'interval' }, sk: { S: 'old' }, expiresAt: { N: String(NOW - 5) } });
    const reports: [string, number][] = [];
    const sweeper = new TtlSweeper({
      client: tables.client,
      tables: [await localTable(tables.history)],
      intervalMs: 20,
      segments: 3,
      now: () => NOW_MS,
      onSweep: (table, deleted) => reports.push([table, deleted]),
    });

    // Act
    sweeper.start();
    await expect.poll(() => reports.length, { timeout: 5_000 }).toBeGreaterThan(0);
    await sweeper.stop();

    // Assess
    expect(reports[0]).toEqual([tables.history, 1]);
    expect(await historyKeys('interval')).toEqual([]);
  });
});
