import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { VigilConfig } from '../config.ts';
import { burstEnvironment } from './ingest.ts';
import { VigilFunction } from './vigil-function.ts';

export interface AdminProps {
  readonly config: VigilConfig;
  readonly dedup: Table;
  readonly logRetention: RetentionDays;
}

/** `functions/admin`: the IAM-authorized admin API; reads only what its routes show. */
export class Admin extends Construct {
  readonly function: VigilFunction;

  constructor(scope: Construct, id: string, props: AdminProps) {
    super(scope, id);
    this.function = new VigilFunction(this, 'Admin', {
      name: 'admin',
      description: 'Vigil: admin API (IAM): burst counts',
      logRetention: props.logRetention,
      memorySize: 256,
      environment: {
        DEDUP_TABLE_NAME: props.dedup.tableName,
        HISTORY_RETENTION_SECONDS: String(props.config.historyRetentionDays * 86_400),
        ...burstEnvironment(props.config),
      },
    });
    props.dedup.grant(this.function.fn, 'dynamodb:GetItem');
  }
}
