import type * as Sdk from '@aws-sdk/client-eventbridge';
import { requireSdk } from './sdk-require.ts';

/** `@aws-sdk/client-eventbridge`, loaded as CommonJS (see sdk-require.ts). */
export const { EventBridgeClient, PutEventsCommand } = requireSdk<typeof Sdk>('@aws-sdk/client-eventbridge');
export type EventBridgeClient = Sdk.EventBridgeClient;
