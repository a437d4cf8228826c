import { Duration } from 'aws-cdk-lib';
import { AttributeType, type ITable, ProjectionType, type Table } from 'aws-cdk-lib/aws-dynamodb';
import { type EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DELIVERY_INDEXES } from '#lib/aws/table-layout.ts';
import { catchAllDispatchPattern } from '#lib/core/subscriptions/dispatch-rule.ts';
import { acknowledgeDeadLetterQueue } from '../nag.ts';
import { TARGET_RETRY } from './event-bus.ts';
import { VigilFunction } from './vigil-function.ts';
import { vigilTable } from './vigil-table.ts';

export interface SubscriptionsProps {
  readonly bus: EventBus;
  /** The rule targets' dead-letter queue (the dispatch rule's target uses it). */
  readonly targetDeadLetterQueue: IQueue;
  /** The Alerts table: `deliver` reads whether an alert is still `new` for re-notification and escalation. */
  readonly alerts: ITable;
  readonly logRetention: RetentionDays;
  /** How long one POST to a receiver may take. @default 10 */
  readonly deliveryTimeoutSeconds?: number;
  /** How stale the dispatcher's copy of the subscriptions may be. @default 10 */
  readonly cacheSeconds?: number;
  /**
   * Multiplies every `notify` duration: for the e2e app only, so a 60 s interval passes in about a
   * second. @default 1
   */
  readonly notifyTimeScale?: number;
}

const DELIVER_TIMEOUT = Duration.seconds(30);

/** How often the admin function narrows the dispatch rule again: a deploy's catch-all lasts at most this long. */
export const NARROW_SCHEDULE = Schedule.rate(Duration.minutes(5));

function grantTable(table: ITable, grantee: IGrantable, actions: string[], indexes: string[] = []): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions,
      resources: [table.tableArn, ...indexes.map((index) => `${table.tableArn}/index/${index}`)],
    }),
  );
}

/**
 * Subscriptions (docs/subscriptions.md): the Subscriptions table (subscriptions, delivery records and
 * their two indexes, in-flight slots), the rule feeding every Vigil event to `dispatch`, the delivery
 * queue (with its DLQ for messages the function itself keeps failing on) read by `deliver`, and the
 * `subscriptions` admin function.
 */
export class Subscriptions extends Construct {
  readonly table: Table;
  readonly deliveryQueue: Queue;
  readonly deliveryDeadLetterQueue: Queue;
  readonly dispatch: VigilFunction;
  readonly deliver: VigilFunction;
  readonly admin: VigilFunction;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: SubscriptionsProps) {
    super(scope, id);
    this.table = vigilTable(this, 'Table', { sortKey: true });
    this.table.addGlobalSecondaryIndex({
      indexName: DELIVERY_INDEXES.bySubscription,
      partitionKey: { name: 'bySubPk', type: AttributeType.STRING },
      sortKey: { name: 'bySubSk', type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: DELIVERY_INDEXES.deadLetters,
      partitionKey: { name: 'dlPk', type: AttributeType.STRING },
      sortKey: { name: 'bySubSk', type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
    this.deliveryDeadLetterQueue = new Queue(this, 'DeliveryDlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeDeadLetterQueue(this.deliveryDeadLetterQueue);
    this.deliveryQueue = new Queue(this, 'DeliveryQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      visibilityTimeout: Duration.seconds(DELIVER_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.deliveryDeadLetterQueue, maxReceiveCount: 5 },
    });
    const environment = {
      SUBSCRIPTIONS_TABLE_NAME: this.table.tableName,
      DELIVERY_QUEUE_URL: this.deliveryQueue.queueUrl,
      DELIVERY_TIMEOUT_MS: String((props.deliveryTimeoutSeconds ?? 10) * 1000),
      SUBSCRIPTION_CACHE_MS: String((props.cacheSeconds ?? 10) * 1000),
      NOTIFY_TIME_SCALE: String(props.notifyTimeScale ?? 1),
    };
    const common = { logRetention: props.logRetention, memorySize: 256, environment };
    this.dispatch = new VigilFunction(this, 'Dispatch', {
      ...common,
      name: 'dispatch',
      description: 'Vigil: matches every event against the subscriptions, enqueues one delivery each',
    });
    this.deliver = new VigilFunction(this, 'Deliver', {
      ...common,
      environment: { ...environment, ALERTS_TABLE_NAME: props.alerts.tableName },
      name: 'deliver',
      description: 'Vigil: signs and posts one delivery attempt per message, re-enqueues retries',
      timeout: DELIVER_TIMEOUT,
    });
    this.admin = new VigilFunction(this, 'Admin', {
      ...common,
      name: 'subscriptions',
      description: 'Vigil: subscription admin API (IAM)',
    });
    this.rule = this.wire(props);
  }

  private wire(props: SubscriptionsProps): Rule {
    const { table } = this;
    const indexes = Object.values(DELIVERY_INDEXES);
    grantTable(table, this.dispatch.fn, ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem']);
    // deliver: records, slots, and notification plans (read and replaced by key).
    grantTable(table, this.deliver.fn, [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ]);
    grantTable(
      table,
      this.admin.fn,
      [
        'dynamodb:Query',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ],
      indexes,
    );
    // Is the alert still new? By key, on the table only (`grant` would add its indexes).
    grantTable(props.alerts, this.deliver.fn, ['dynamodb:GetItem']);
    for (const fn of [this.dispatch.fn, this.deliver.fn, this.admin.fn])
      this.deliveryQueue.grantSendMessages(fn);
    this.deliver.fn.addEventSource(
      new SqsEventSource(this.deliveryQueue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: 10,
      }),
    );
    // The template's pattern is the safe superset; the admin function narrows it at run time.
    const rule = new Rule(this, 'DispatchRule', {
      eventBus: props.bus,
      description:
        'Vigil events (replays excepted) to the subscription dispatcher; the subscriptions function narrows the pattern to what they match',
      eventPattern: catchAllDispatchPattern(),
      targets: [
        new LambdaFunction(this.dispatch.fn, {
          ...TARGET_RETRY,
          deadLetterQueue: props.targetDeadLetterQueue,
        }),
      ],
    });
    this.narrowRule(rule, props);
    return rule;
  }

  /** The admin function narrows the dispatch rule after each subscription write and on a schedule. */
  private narrowRule(rule: Rule, props: SubscriptionsProps): void {
    this.admin.fn.addEnvironment('DISPATCH_RULE_ARN', rule.ruleArn);
    this.admin.fn.addToRolePolicy(
      new PolicyStatement({ actions: ['events:DescribeRule', 'events:PutRule'], resources: [rule.ruleArn] }),
    );
    new Rule(this, 'NarrowSchedule', {
      description: 'Narrows the subscription dispatch rule again (a deploy resets it to every event)',
      schedule: NARROW_SCHEDULE,
      targets: [
        // A missed tick is made up by the next one.
        new LambdaFunction(this.admin.fn, {
          retryAttempts: 2,
          maxEventAge: Duration.minutes(5),
          deadLetterQueue: props.targetDeadLetterQueue,
        }),
      ],
    });
  }
}
