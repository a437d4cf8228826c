import { Duration } from 'aws-cdk-lib';
import { AttributeType, type ITable, ProjectionType, type Table } from 'aws-cdk-lib/aws-dynamodb';
import { type EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ResolveTimeout } from '#lib/core/alerts/auto-resolve.ts';
import { ALERT_INDEX_ATTRIBUTES, ALERT_INDEXES } from '#lib/core/alerts/listing.ts';
import { DEFAULT_SILENCE_CACHE_SECONDS } from '#lib/core/alerts/silence-cache.ts';
import { BUS_SOURCES } from '#lib/core/bus-event.ts';
import { TARGET_RETRY } from './event-bus.ts';
import { grantUseByKey } from './grants.ts';
import { VigilFunction } from './vigil-function.ts';
import { vigilTable } from './vigil-table.ts';

/** `GET /alerts`: Query on the listing index (byState), named, and nothing else on it. */
export function grantAlertListing(table: ITable, grantee: IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['dynamodb:Query'],
      resources: ALERT_INDEXES.map((index) => `${table.tableArn}/index/${index}`),
    }),
  );
}

export interface AlertingProps {
  readonly bus: EventBus;
  readonly deadLetterQueue: IQueue;
  readonly logRetention: RetentionDays;
  /**
   * Auto-resolve rules; with none, no sweeper is deployed and alerts stay open until resolved.
   * @default []
   */
  readonly resolveTimeouts?: readonly ResolveTimeout[];
  /**
   * How long the alerting function reuses the silences it read: a new silence takes effect within it.
   * @default 5
   */
  readonly silenceCacheSeconds?: number;
}

/** How often the auto-resolve sweep runs: the resolution lags a timeout by at most this much. */
export const SWEEP_SCHEDULE = 'rate(1 minute)';

/**
 * Alerting: the Alerts table (alert items under their opening event's key `EV#<id>`/`EV`, timelines
 * inside them, one open pointer per fingerprint `F#<fingerprint>`/`OPEN`, applied-event markers,
 * silences), the alerting function, and the rule that feeds it WARNING/CRITICAL events and
 * producers' resolves from ingest and replay. Its own `alert.*` events go out with bus Source
 * `vigil.alerts`, which the rule does not match.
 */
export class Alerting extends Construct {
  readonly table: Table;
  readonly function: VigilFunction;
  readonly rule: Rule;
  /** The auto-resolve sweeper and its schedule, when any resolveTimeout is configured. */
  readonly sweeper?: { readonly function: VigilFunction; readonly schedule: Rule };

  constructor(scope: Construct, id: string, props: AlertingProps) {
    super(scope, id);
    this.table = vigilTable(this, 'Alerts', { sortKey: true });
    for (const index of ALERT_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index,
        partitionKey: { name: `${index}Pk`, type: AttributeType.STRING },
        sortKey: { name: 'listSk', type: AttributeType.STRING },
        // Only what listing filters on: a repeat (count, lastSeenAt…) then writes no index entry.
        projectionType: ProjectionType.INCLUDE,
        nonKeyAttributes: [...ALERT_INDEX_ATTRIBUTES],
      });
    }
    this.function = new VigilFunction(this, 'Function', {
      name: 'alerting',
      description: 'Vigil: alert lifecycle from WARNING/CRITICAL events',
      logRetention: props.logRetention,
      memorySize: 256,
      environment: {
        ALERTS_TABLE_NAME: this.table.tableName,
        EVENT_BUS_NAME: props.bus.eventBusName,
        SILENCE_CACHE_SECONDS: String(props.silenceCacheSeconds ?? DEFAULT_SILENCE_CACHE_SECONDS),
      },
    });
    grantUseByKey(this.table, this.function.fn);
    props.bus.grantPutEventsTo(this.function.fn);
    this.rule = new Rule(this, 'Rule', {
      eventBus: props.bus,
      description: 'WARNING/CRITICAL events and producer resolves, to alerting',
      eventPattern: {
        source: [BUS_SOURCES.ingest, BUS_SOURCES.replay],
        detail: { $or: [{ severity: ['WARNING', 'CRITICAL'] }, { alertAction: ['resolve'] }] },
      },
      targets: [
        new LambdaFunction(this.function.fn, { ...TARGET_RETRY, deadLetterQueue: props.deadLetterQueue }),
      ],
    });
    if (props.resolveTimeouts && props.resolveTimeouts.length > 0)
      this.sweeper = this.addSweeper(props, props.resolveTimeouts);
  }

  private addSweeper(props: AlertingProps, timeouts: readonly ResolveTimeout[]) {
    const sweeper = new VigilFunction(this, 'Sweeper', {
      name: 'alert-sweeper',
      description: 'Vigil: resolves open alerts quiet for longer than their resolveTimeout',
      logRetention: props.logRetention,
      memorySize: 256,
      environment: {
        ALERTS_TABLE_NAME: this.table.tableName,
        EVENT_BUS_NAME: props.bus.eventBusName,
        RESOLVE_TIMEOUTS: JSON.stringify(timeouts),
      },
    });
    grantUseByKey(this.table, sweeper.fn);
    grantAlertListing(this.table, sweeper.fn);
    props.bus.grantPutEventsTo(sweeper.fn);
    const schedule = new Rule(this, 'SweepSchedule', {
      description: 'Auto-resolve sweep of quiet alerts',
      schedule: Schedule.expression(SWEEP_SCHEDULE),
      targets: [
        // A missed tick is made up by the next one: few retries, and a short age.
        new LambdaFunction(sweeper.fn, {
          retryAttempts: 2,
          maxEventAge: Duration.minutes(5),
          deadLetterQueue: props.deadLetterQueue,
        }),
      ],
    });
    return { function: sweeper, schedule };
  }
}
