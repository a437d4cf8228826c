import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

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
