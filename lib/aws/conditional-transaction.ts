import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from './sdk-dynamodb.ts';
import { TransactWriteCommand } from './sdk-lib-dynamodb.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A transaction item that puts `item` only where no item has its key yet. */
export function putIfAbsent(tableName: string, item: Record<string, unknown>): TransactItem {
  return { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

export type TransactionOutcome = 'applied' | 'conflict' | 'already-applied';

/**
 * Runs one conditional transaction that carries the marker of the event it applies (at
 * `markerIndex`, put if absent). A failed marker condition means the event was applied before; any
 * other failed condition, or a concurrent transaction, is a conflict the caller retries on a fresh
 * read. Other errors throw.
 */
export async function transactWithMarker(
  doc: DynamoDBDocumentClient,
  items: TransactItem[],
  markerIndex: number | undefined,
): Promise<TransactionOutcome> {
  try {
    await doc.send(new TransactWriteCommand({ TransactItems: items }));
    return 'applied';
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    if (markerIndex !== undefined && reasons[markerIndex]?.Code === 'ConditionalCheckFailed')
      return 'already-applied';
    if (reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict'))
      return 'conflict';
    throw error;
  }
}
