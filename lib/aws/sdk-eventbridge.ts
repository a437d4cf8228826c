import type * as Sdk from '@aws-sdk/client-eventbridge';
import { requireCommonJs } from './commonjs.ts';

/** `@aws-sdk/client-eventbridge`, loaded as CommonJS (see commonjs.ts). */
export const {
  EventBridgeClient,
  PutEventsCommand,
  DescribeRuleCommand,
  PutRuleCommand,
  InvalidEventPatternException,
} = requireCommonJs<typeof Sdk>('@aws-sdk/client-eventbridge');
export type EventBridgeClient = Sdk.EventBridgeClient;
