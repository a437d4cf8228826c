import type * as Sdk from '@aws-sdk/lib-dynamodb';
import { requireSdk } from './sdk-require.ts';

/** `@aws-sdk/lib-dynamodb`, loaded as CommonJS (see sdk-require.ts). */
export const {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  paginateQuery,
  paginateScan,
} = requireSdk<typeof Sdk>('@aws-sdk/lib-dynamodb');
export type DynamoDBDocumentClient = Sdk.DynamoDBDocumentClient;
