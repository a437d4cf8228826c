import type * as Sdk from '@aws-sdk/util-dynamodb';
import { requireSdk } from './sdk-require.ts';

/** `@aws-sdk/util-dynamodb`, loaded as CommonJS (see sdk-require.ts). */
export const { unmarshall } = requireSdk<typeof Sdk>('@aws-sdk/util-dynamodb');
