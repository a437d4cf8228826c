import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { VigilConfig } from '../config.ts';
import { grantHistoryWrites } from './event-store.ts';
import { VigilFunction } from './vigil-function.ts';

export interface IngestProps {
  readonly config: VigilConfig;
  readonly history: Table;
  readonly dedup: Table;
  readonly bus: EventBus;
  readonly logRetention: RetentionDays;
}

const TIMEOUT = Duration.seconds(15);

/** The burst settings ingest applies and the admin API reads back, from one place. */
export function burstEnvironment(config: VigilConfig): Record<string, string> {
  return {
    BURST_THRESHOLD: String(config.burstThreshold),
    BURST_WINDOW_SECONDS: String(config.burstWindowSeconds),
    BURST_OVERRIDES: JSON.stringify(config.burstOverrides),
  };
}

/** `functions/ingest` with exactly the access it needs: its two tables and PutEvents on its bus. */
export class Ingest extends Construct {
  readonly function: VigilFunction;

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);
    const { config } = props;
    this.function = new VigilFunction(this, 'Ingest', {
      name: 'ingest',
      description: 'Vigil: POST /events — validate, dedup, publish, keep history',
      logRetention: props.logRetention,
      timeout: TIMEOUT,
      environment: {
        HISTORY_TABLE_NAME: props.history.tableName,
        DEDUP_TABLE_NAME: props.dedup.tableName,
        EVENT_BUS_NAME: props.bus.eventBusName,
        DEDUP_WINDOW_SECONDS: String(config.dedupWindowSeconds),
        HISTORY_RETENTION_SECONDS: String(config.historyRetentionDays * 86_400),
        HISTORY_SHARDS: String(config.historyShards),
        ...burstEnvironment(config),
        // A claim outlives the invocation that holds it, so a retry never takes over live work.
        CLAIM_LEASE_MS: String(TIMEOUT.toMilliseconds() + 5_000),
        CLAIM_WAIT_MS: '3000',
        ...(config.ingestMiddleware.length > 0
          ? { INGEST_MIDDLEWARE: JSON.stringify(config.ingestMiddleware) }
          : {}),
      },
    });
    const fn = this.function.fn;
    // PartiQLInsert: a batch's claims go as INSERT statements (BatchExecuteStatement).
    props.dedup.grant(
      fn,
      'dynamodb:PutItem',
      'dynamodb:GetItem',
      'dynamodb:UpdateItem',
      'dynamodb:PartiQLInsert',
    );
    grantHistoryWrites(props.history, fn);
    props.bus.grantPutEventsTo(fn);
  }
}
