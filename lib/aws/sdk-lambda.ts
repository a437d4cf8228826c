import type * as Sdk from '@aws-sdk/client-lambda';
import { requireCommonJs } from './commonjs.ts';

/** `@aws-sdk/client-lambda`, loaded as CommonJS (see commonjs.ts). */
export const { InvokeCommand, LambdaClient } = requireCommonJs<typeof Sdk>('@aws-sdk/client-lambda');
export type LambdaClient = Sdk.LambdaClient;
