import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';

/** Asks DynamoDB for the consumed capacity of every call made with `client`, and adds it up. */
export function countCapacity(client: DynamoDBClient): { readonly units: () => number; reset(): void } {
  let units = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = [(result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity ?? []].flat() as {
        CapacityUnits?: number;
      }[];
      units += consumed.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      return result;
    },
    { step: 'initialize' },
  );
  return {
    units: () => units,
    reset: () => {
      units = 0;
    },
  };
}

/** Counts the requests made with `client` (DynamoDB requests, PutEvents calls). */
export function countRequests(client: DynamoDBClient | EventBridgeClient): {
  readonly count: () => number;
  reset(): void;
} {
  let count = 0;
  (client as DynamoDBClient).middlewareStack.add(
    (next) => async (args) => {
      count++;
      return next(args);
    },
    { step: 'initialize' },
  );
  return {
    count: () => count,
    reset: () => {
      count = 0;
    },
  };
}

const SINGLE_WRITES = /^(Put|Delete|Update)(Item)?Command$/;

/**
 * Write units as AWS bills them for items ≤ 1 KB, counted from the requests `client` sends (DynamoDB
 * Local under-counts transactions): a transactional item costs 2, a single-item write 1.
 */
export function countWriteUnits(client: DynamoDBClient): { readonly units: () => number; reset(): void } {
  let units = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { TransactItems?: unknown[] };
      if (input.TransactItems) units += 2 * input.TransactItems.length;
      else if (SINGLE_WRITES.test(String(context.commandName))) units += 1;
      return next(args);
    },
    { step: 'initialize' },
  );
  return {
    units: () => units,
    reset: () => {
      units = 0;
    },
  };
}
