import type * as Sdk from '@aws-sdk/util-dynamodb';
import { requireCommonJs } from './commonjs.ts';

/** `@aws-sdk/util-dynamodb`, loaded as CommonJS (see commonjs.ts). */
export const { unmarshall } = requireCommonJs<typeof Sdk>('@aws-sdk/util-dynamodb');
