import type * as Sdk from '@aws-sdk/client-dynamodb';
import { requireSdk } from './sdk-require.ts';

/** `@aws-sdk/client-dynamodb`, loaded as CommonJS (see sdk-require.ts). */
export const { DynamoDBClient, ConditionalCheckFailedException, TransactionCanceledException } =
  requireSdk<typeof Sdk>('@aws-sdk/client-dynamodb');
export type DynamoDBClient = Sdk.DynamoDBClient;
