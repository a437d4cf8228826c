import type * as Sdk from '@aws-sdk/client-sqs';
import { requireSdk } from './sdk-require.ts';

/** `@aws-sdk/client-sqs`, loaded as CommonJS (see sdk-require.ts). */
export const { SQSClient, SendMessageBatchCommand, SendMessageCommand } =
  requireSdk<typeof Sdk>('@aws-sdk/client-sqs');
export type SQSClient = Sdk.SQSClient;
