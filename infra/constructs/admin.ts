import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { VigilConfig } from '../config.ts';
import { grantAlertListing } from './alerting.ts';
import { grantHistoryReads } from './event-store.ts';
import { grantUseByKey } from './grants.ts';
import { burstEnvironment } from './ingest.ts';
import { grantModuleListing } from './state.ts';
import { VigilFunction } from './vigil-function.ts';

export interface AdminProps {
  readonly config: VigilConfig;
  readonly history: Table;
  readonly dedup: Table;
  readonly alerts: Table;
  readonly modules: Table;
  readonly bus: EventBus;
  readonly logRetention: RetentionDays;
}

/** `functions/admin`: the IAM-authorized admin API; reads only what its routes show. */
export class Admin extends Construct {
  readonly function: VigilFunction;

  constructor(scope: Construct, id: string, props: AdminProps) {
    super(scope, id);
    this.function = new VigilFunction(this, 'Admin', {
      name: 'admin',
      description: 'Vigil: admin API (IAM): events, bursts, alerts, silences, modules',
      logRetention: props.logRetention,
      memorySize: 256,
      environment: {
        HISTORY_TABLE_NAME: props.history.tableName,
        HISTORY_SHARDS: String(props.config.historyShards),
        DEDUP_TABLE_NAME: props.dedup.tableName,
        ALERTS_TABLE_NAME: props.alerts.tableName,
        MODULES_TABLE_NAME: props.modules.tableName,
        EVENT_BUS_NAME: props.bus.eventBusName,
        HISTORY_RETENTION_SECONDS: String(props.config.historyRetentionDays * 86_400),
        ...burstEnvironment(props.config),
      },
    });
    grantHistoryReads(props.history, this.function.fn);
    props.dedup.grant(this.function.fn, 'dynamodb:GetItem');
    grantUseByKey(props.alerts, this.function.fn);
    grantAlertListing(props.alerts, this.function.fn);
    grantUseByKey(props.modules, this.function.fn);
    grantModuleListing(props.modules, this.function.fn);
    props.bus.grantPutEventsTo(this.function.fn);
  }
}
