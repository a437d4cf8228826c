import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  paginateScan,
} from '@aws-sdk/client-dynamodb';
import type { LocalTable } from './topology.ts';

export interface TtlSweeperOptions {
  readonly client: DynamoDBClient;
  readonly tables: readonly LocalTable[];
  /** Between two ticks, each of which sweeps one segment of every table. @default 5_000 */
  readonly intervalMs?: number;
  /** Segments a table is swept in: every item is checked once in `segments` ticks. @default 12 (a minute) */
  readonly segments?: number;
  readonly now?: () => number;
  readonly onSweep?: (table: string, deleted: number) => void;
}

/** Part `index` of `total` of a table, as a parallel Scan divides it. */
export interface ScanSegment {
  readonly index: number;
  readonly total: number;
}

/**
 * Deletes one table's expired items (or those of one segment of it): TTL value (epoch seconds, a
 * Number) in the past, not more than 5 years.
 */
export async function sweepTable(
  client: DynamoDBClient,
  table: LocalTable,
  nowMs: number,
  segment?: ScanSegment,
): Promise<number> {
  const attribute = table.ttlAttribute;
  if (!attribute) return 0;
  const nowSeconds = Math.floor(nowMs / 1000);
  // DynamoDB ignores TTL values more than five years in the past.
  const floor = nowSeconds - 5 * 365 * 86_400;
  const keys = (table.create.KeySchema ?? []).map((k) => k.AttributeName as string);
  const names: Record<string, string> = { '#ttl': attribute };
  keys.forEach((key, i) => {
    names[`#k${i}`] = key;
  });
  let deleted = 0;
  const pages = paginateScan(
    { client },
    {
      TableName: table.name,
      FilterExpression: '#ttl < :now AND #ttl > :floor',
      ProjectionExpression: keys.map((_, i) => `#k${i}`).join(', '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':now': { N: String(nowSeconds) }, ':floor': { N: String(floor) } },
      ...(segment ? { Segment: segment.index, TotalSegments: segment.total } : {}),
    },
  );
  for await (const page of pages) {
    for (const key of page.Items ?? []) {
      try {
        // Conditional, as TTL is: an item whose TTL was pushed back meanwhile stays.
        await client.send(
          new DeleteItemCommand({
            TableName: table.name,
            Key: key,
            ConditionExpression: '#ttl < :now',
            ExpressionAttributeNames: { '#ttl': attribute },
            ExpressionAttributeValues: { ':now': { N: String(nowSeconds) } },
          }),
        );
        deleted++;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }
  return deleted;
}

/**
 * Guarantees the TTL deletion the local runtime promises (expired items gone within a minute). A
 * Scan reads every item of a table: DynamoDB Local spent 2.7 s of CPU on one of a 30,000-item
 * history, so sweeping whole tables every 15 s kept a core a fifth busy once a session had stored
 * that much. Each tick sweeps one segment of every table instead (a parallel Scan's segment reads
 * only its share of the items): a table is read once a minute, in even slices. DynamoDB Local 3
 * was seen deleting expired items by itself, but nothing documents it, so the runtime does not
 * rely on it. Reads already hide expired items (the adapters filter), as they must in the cloud.
 */
export class TtlSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private tick = 0;

  constructor(private readonly options: TtlSweeperOptions) {}

  start(): void {
    const interval = this.options.intervalMs ?? 5_000;
    const total = this.options.segments ?? 12;
    this.timer = setInterval(() => {
      if (this.running) return;
      const segment = { index: this.tick++ % total, total };
      this.running = this.sweep(segment).finally(() => (this.running = undefined));
    }, interval);
    this.timer.unref();
  }

  /** Sweeps every table, whole or one segment of each. */
  async sweep(segment?: ScanSegment): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    for (const table of this.options.tables) {
      try {
        const deleted = await sweepTable(this.options.client, table, now, segment);
        if (deleted > 0) this.options.onSweep?.(table.name, deleted);
      } catch {
        // A sweep that fails (server stopping) is retried at the table's next turn.
      }
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
