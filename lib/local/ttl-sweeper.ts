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
  /** @default 15_000: expired items go well within a minute */
  readonly intervalMs?: number;
  readonly now?: () => number;
  readonly onSweep?: (table: string, deleted: number) => void;
}

/** Deletes one table's expired items: TTL value (epoch seconds, a Number) in the past, not more than 5 years. */
export async function sweepTable(client: DynamoDBClient, table: LocalTable, nowMs: number): Promise<number> {
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
 * Guarantees the TTL deletion the local runtime promises (expired items gone within a minute):
 * every interval, each table with a TTL attribute loses its expired items. DynamoDB Local 3 was
 * seen deleting expired items by itself, but nothing documents it, so the runtime does not rely on
 * it. Reads already hide expired items (the adapters filter), as they must in the cloud.
 */
export class TtlSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: TtlSweeperOptions) {}

  start(): void {
    const interval = this.options.intervalMs ?? 15_000;
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.sweep().finally(() => (this.running = undefined));
    }, interval);
    this.timer.unref();
  }

  async sweep(): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    for (const table of this.options.tables) {
      try {
        const deleted = await sweepTable(this.options.client, table, now);
        if (deleted > 0) this.options.onSweep?.(table.name, deleted);
      } catch {
        // A sweep that fails (server stopping) is retried at the next interval.
      }
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
