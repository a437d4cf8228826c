export const ORDERS = ['asc', 'desc'] as const;
/** `asc` = oldest first, `desc` = newest first. */
export type Order = (typeof ORDERS)[number];

/** Where an event sits in history's order: by receivedAt, ties broken by id (the sort key `receivedAt#id`). */
export interface Position {
  readonly receivedAt: string;
  readonly id: string;
}

/**
 * Oldest first. receivedAt is always `Date#toISOString()` (fixed width, UTC) and ids are ASCII,
 * so plain code-unit comparison matches DynamoDB's byte order on `receivedAt#id`.
 */
export function comparePositions(a: Position, b: Position): number {
  if (a.receivedAt !== b.receivedAt) return a.receivedAt < b.receivedAt ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/** The sort key of a position, as history items store it. */
export function sortKeyOf(position: Position): string {
  return `${position.receivedAt}#${position.id}`;
}
