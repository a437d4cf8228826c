import type * as Sdk from '@aws-sdk/client-lambda';
import { requireSdk } from './sdk-require.ts';

/** `@aws-sdk/client-lambda`, loaded as CommonJS (see sdk-require.ts). */
export const { InvokeCommand, LambdaClient } = requireSdk<typeof Sdk>('@aws-sdk/client-lambda');
export type LambdaClient = Sdk.LambdaClient;
