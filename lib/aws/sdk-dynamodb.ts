import type * as Sdk from '@aws-sdk/client-dynamodb';
import { requireCommonJs } from './commonjs.ts';

/** `@aws-sdk/client-dynamodb`, loaded as CommonJS (see commonjs.ts). */
export const {
  DynamoDBClient,
  PutItemCommand,
  BatchWriteItemCommand,
  BatchExecuteStatementCommand,
  ConditionalCheckFailedException,
  TransactionCanceledException,
} = requireCommonJs<typeof Sdk>('@aws-sdk/client-dynamodb');
export type DynamoDBClient = Sdk.DynamoDBClient;
