import { Aws, Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { VigilConfig } from '../config.ts';
import { grantHistoryReads } from './event-store.ts';
import { VigilFunction } from './vigil-function.ts';
import { vigilTable } from './vigil-table.ts';

export interface ReplayProps {
  readonly config: VigilConfig;
  readonly history: Table;
  readonly bus: EventBus;
  readonly logRetention: RetentionDays;
}

/**
 * Replay: the Replays table (records `R#<id>` with their progress and lease, names `N#<name>`) and
 * `functions/replay`, which reads history, puts on the bus and continues itself; nothing else.
 */
export class Replay extends Construct {
  readonly table: Table;
  readonly function: VigilFunction;

  constructor(scope: Construct, id: string, props: ReplayProps) {
    super(scope, id);
    this.table = vigilTable(this, 'Replays', { sortKey: false });
    this.function = new VigilFunction(this, 'Function', {
      name: 'replay',
      description: 'Vigil: replays history onto the bus (resumable, never writes history)',
      logRetention: props.logRetention,
      memorySize: 512,
      // A run stops 15 s before this and continues in a new invocation.
      timeout: Duration.minutes(5),
      environment: {
        REPLAYS_TABLE_NAME: this.table.tableName,
        HISTORY_TABLE_NAME: props.history.tableName,
        HISTORY_SHARDS: String(props.config.historyShards),
        HISTORY_RETENTION_SECONDS: String(props.config.historyRetentionDays * 86_400),
        EVENT_BUS_NAME: props.bus.eventBusName,
        ACCOUNT_ID: Aws.ACCOUNT_ID,
      },
    });
    const fn = this.function.fn;
    grantHistoryReads(props.history, fn);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [this.table.tableArn],
      }),
    );
    props.bus.grantPutEventsTo(fn);
    // To continue a replay that outlasts one invocation: itself, asynchronously. A policy of its own,
    // not the role's default one, which the function depends on (naming its own ARN there is a cycle).
    new Policy(this, 'InvokeSelf', {
      roles: fn.role ? [fn.role] : [],
      statements: [new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] })],
    });
  }
}
