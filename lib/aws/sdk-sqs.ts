import type * as Sdk from '@aws-sdk/client-sqs';
import { requireCommonJs } from './commonjs.ts';

/** `@aws-sdk/client-sqs`, loaded as CommonJS (see commonjs.ts). */
export const { SQSClient, SendMessageBatchCommand, SendMessageCommand } =
  requireCommonJs<typeof Sdk>('@aws-sdk/client-sqs');
export type SQSClient = Sdk.SQSClient;
