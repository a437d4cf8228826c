import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, type ITable, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { type EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUS_SOURCES } from '../../lib/core/ingest/publication.ts';
import { TARGET_RETRY } from './event-bus.ts';
import { VigilFunction } from './vigil-function.ts';

/** The views `GET /alerts` filters by, each a sparse index over alert items, newest first. */
export const ALERT_INDEXES = ['byState', 'bySeverity', 'bySource'] as const;

/**
 * Reads and lifecycle writes by key on the Alerts table: the table only, not its indexes
 * (`Table.grant` would add `index/*`; only the admin function's listing reads them, see below).
 */
export function grantAlertUseByKey(table: ITable, grantee: IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:DeleteItem',
        'dynamodb:Query',
        'dynamodb:ConditionCheckItem',
      ],
      resources: [table.tableArn],
    }),
  );
}

/** `GET /alerts`: Query on the three listing indexes, named one by one, and nothing else on them. */
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
}

/**
 * Alerting: the Alerts table (alert items `A#<id>`/`A`, timelines `A#<id>`/`T#…`, one open pointer
 * per fingerprint `F#<fingerprint>`/`OPEN`, applied-event markers, silences), the alerting function,
 * and the rule that feeds it WARNING/CRITICAL events and producers' resolves from ingest and replay.
 * Its own `alert.*` events go out with bus Source `vigil.alerts`, which the rule does not match.
 */
export class Alerting extends Construct {
  readonly table: Table;
  readonly function: VigilFunction;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: AlertingProps) {
    super(scope, id);
    this.table = new Table(this, 'Alerts', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      // Only the applied-event markers carry it: redelivery protection for 30 days.
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of ALERT_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index,
        partitionKey: { name: `${index}Pk`, type: AttributeType.STRING },
        sortKey: { name: 'listSk', type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
    this.function = new VigilFunction(this, 'Function', {
      name: 'alerting',
      description: 'Vigil: alert lifecycle from WARNING/CRITICAL events',
      logRetention: props.logRetention,
      memorySize: 256,
      environment: { ALERTS_TABLE_NAME: this.table.tableName, EVENT_BUS_NAME: props.bus.eventBusName },
    });
    grantAlertUseByKey(this.table, this.function.fn);
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
  }
}
