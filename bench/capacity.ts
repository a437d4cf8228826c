import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';

interface Consumed {
  readonly CapacityUnits?: number;
  readonly GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

export interface CapacityCount {
  /** As DynamoDB Local reports them (tables and indexes), and 1 per INSERT statement written, which it does not report. */
  readonly units: () => number;
  /**
   * In AWS accounting, items ≤ 1 KB: DynamoDB Local counts a transactional write of the table as 1
   * unit (AWS: 2), so each item of a TransactWriteItems counts 2; index units as reported (DynamoDB
   * Local already counts a transaction's index writes twice); everything else as reported.
   */
  readonly awsUnits: () => number;
  /** The index part of `awsUnits`. */
  readonly indexUnits: () => number;
  reset(): void;
}

const sum = (values: (number | undefined)[]) => values.reduce<number>((a, b) => a + (b ?? 0), 0);

/** Asks DynamoDB for the consumed capacity of every call made with `client`, and adds it up. */
export function countCapacity(client: DynamoDBClient): CapacityCount {
  let units = 0;
  let aws = 0;
  let indexes = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string; TransactItems?: unknown[] };
      input.ReturnConsumedCapacity = 'INDEXES';
      const result = await next(args);
      const consumed = [
        (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity ?? [],
      ].flat() as Consumed[];
      // DynamoDB Local reports nothing for BatchExecuteStatement; AWS charges an INSERT as a
      // PutItem: 1 unit per item ≤ 1 KB written (ingest's claims, ~300 bytes).
      const statements = (result.output as { Responses?: { Error?: unknown }[] }).Responses;
      const reported =
        context.commandName === 'BatchExecuteStatementCommand' && consumed.length === 0
          ? (statements ?? []).filter((r) => r.Error === undefined).length
          : sum(consumed.map((c) => c.CapacityUnits));
      const index = sum(
        consumed.flatMap((c) => Object.values(c.GlobalSecondaryIndexes ?? {}).map((i) => i.CapacityUnits)),
      );
      units += reported;
      indexes += index;
      aws +=
        context.commandName === 'TransactWriteItemsCommand'
          ? 2 * (input.TransactItems?.length ?? 0) + index
          : reported;
      return result;
    },
    { step: 'initialize' },
  );
  return {
    units: () => units,
    awsUnits: () => aws,
    indexUnits: () => indexes,
    reset: () => {
      units = 0;
      aws = 0;
      indexes = 0;
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
