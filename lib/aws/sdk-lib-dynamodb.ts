import type * as Sdk from '@aws-sdk/lib-dynamodb';
import { requireCommonJs } from './commonjs.ts';

/** `@aws-sdk/lib-dynamodb`, loaded as CommonJS (see commonjs.ts). */
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
} = requireCommonJs<typeof Sdk>('@aws-sdk/lib-dynamodb');
export type DynamoDBDocumentClient = Sdk.DynamoDBDocumentClient;
