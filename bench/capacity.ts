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
