import type { Log } from '#lib/core/ingest/ports.ts';
import type { DynamoDBClient } from './sdk-dynamodb.ts';
import {
  DescribeRuleCommand,
  type EventBridgeClient,
  InvalidEventPatternException,
  PutRuleCommand,
} from './sdk-eventbridge.ts';
import { GetCommand, UpdateCommand } from './sdk-lib-dynamodb.ts';
import { DynamoStore } from './stored-item.ts';
import type { DispatchRulePorts, DispatchRuleState } from './subscription-rule.ts';
import type { DynamoSubscriptionStore } from './subscription-store.ts';

/** The counter item every subscription write bumps, beside the subscriptions (not in their partition). */
const GENERATION_KEY = { pk: 'SUBS#GENERATION', sk: 'dispatch-rule' };

/** The subscriptions' generation counter in the Subscriptions table. */
export class SubscriptionGeneration extends DynamoStore {
  async read(): Promise<number> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.options.tableName, Key: GENERATION_KEY, ConsistentRead: true }),
    );
    return typeof Item?.generation === 'number' ? Item.generation : 0;
  }

  async bump(): Promise<number> {
    const { Attributes } = await this.doc.send(
      new UpdateCommand({
        TableName: this.options.tableName,
        Key: GENERATION_KEY,
        UpdateExpression: 'ADD generation :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.generation ?? 0);
  }
}

/** A rule's name and bus from its ARN: `arn:…:rule/<bus>/<name>`, or `rule/<name>` on the default bus. */
export function ruleOfArn(arn: string): { name: string; bus: string } {
  const resource = arn.slice(arn.indexOf(':rule/') + ':rule/'.length);
  const [first, second] = resource.split('/');
  if (!first || !arn.includes(':rule/')) throw new Error(`not an EventBridge rule ARN: ${arn}`);
  return second ? { bus: first, name: second } : { bus: 'default', name: first };
}

export interface DispatchRuleAdapterOptions {
  readonly ruleArn: string;
  readonly tableName: string;
  readonly dynamodb: DynamoDBClient;
  readonly eventBridge: EventBridgeClient;
  readonly subscriptions: Pick<DynamoSubscriptionStore, 'list'>;
  readonly log: Log;
}

/** The ports of narrowDispatchRule on DynamoDB and EventBridge, and the counter writers bump. */
export function dispatchRuleAdapters(options: DispatchRuleAdapterOptions) {
  const generation = new SubscriptionGeneration({ tableName: options.tableName, client: options.dynamodb });
  const { name, bus } = ruleOfArn(options.ruleArn);
  const ports: DispatchRulePorts = {
    generation: () => generation.read(),
    subscriptions: async () =>
      (await options.subscriptions.list({ consistent: true })).map((s) => s.subscription),
    describe: async (): Promise<DispatchRuleState> => {
      const rule = await options.eventBridge.send(new DescribeRuleCommand({ Name: name, EventBusName: bus }));
      return {
        ...(rule.EventPattern ? { eventPattern: rule.EventPattern } : {}),
        ...(rule.Description ? { description: rule.Description } : {}),
        ...(rule.State ? { state: rule.State } : {}),
      };
    },
    put: async (eventPattern, current) => {
      try {
        await options.eventBridge.send(
          new PutRuleCommand({
            Name: name,
            EventBusName: bus,
            EventPattern: eventPattern,
            ...(current.description ? { Description: current.description } : {}),
            ...(current.state ? { State: current.state as 'ENABLED' | 'DISABLED' } : {}),
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof InvalidEventPatternException) return false;
        throw error;
      }
    },
    log: options.log,
  };
  return { ports, bump: () => generation.bump() };
}
