import { Duration } from 'aws-cdk-lib';
import { AttributeType, type ITable, ProjectionType, type Table } from 'aws-cdk-lib/aws-dynamodb';
import { type EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MODULE_LIST_INDEX } from '#lib/aws/table-layout.ts';
import { BUS_SOURCES } from '#lib/core/bus-event.ts';
import { STATE_EVENT_PREFIX } from '#lib/core/state/service.ts';
import { acknowledgeDeadLetterQueue } from '../nag.ts';
import { TARGET_RETRY } from './event-bus.ts';
import { grantUseByKey } from './grants.ts';
import { VigilFunction } from './vigil-function.ts';
import { vigilTable } from './vigil-table.ts';

/** `GET /modules`: the name index, and batch reads of the states it lists. */
export function grantModuleListing(table: ITable, grantee: IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['dynamodb:Query'],
      resources: [`${table.tableArn}/index/${MODULE_LIST_INDEX}`],
    }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['dynamodb:BatchGetItem'], resources: [table.tableArn] }),
  );
}

export interface ModuleStateProps {
  readonly bus: EventBus;
  readonly deadLetterQueue: IQueue;
  readonly logRetention: RetentionDays;
  /** How long a normal event waits in the inbox for earlier-produced ones that arrive late; 0 applies events at once, in arrival order. @default 0 */
  readonly reorderWindowMs?: number;
}

const STATE_TIMEOUT = Duration.seconds(30);

/**
 * Module state machines: the Modules table (one partition per module: state, transition log,
 * handled-event markers, inbox), the state function, the rule that feeds it `state.<EVENT>`
 * events from ingest and replay, and the drain queue: a module's inbox head that is not yet due
 * (the reorder window) is drained by a message delayed until it is, never by a waiting invocation.
 * Its `module.*` events go out as `vigil.state`, which the rule does not match.
 */
export class ModuleState extends Construct {
  readonly table: Table;
  readonly function: VigilFunction;
  readonly rule: Rule;
  readonly drainQueue: Queue;

  constructor(scope: Construct, id: string, props: ModuleStateProps) {
    super(scope, id);
    this.table = vigilTable(this, 'Modules', { sortKey: true });
    this.table.addGlobalSecondaryIndex({
      indexName: MODULE_LIST_INDEX,
      partitionKey: { name: 'listPk', type: AttributeType.STRING },
      sortKey: { name: 'listSk', type: AttributeType.STRING },
      // Keys only: a state change leaves the index untouched; only a new module writes to it.
      projectionType: ProjectionType.KEYS_ONLY,
    });
    this.function = new VigilFunction(this, 'Function', {
      name: 'state',
      description: 'Vigil: module state machines from state.<EVENT> events',
      logRetention: props.logRetention,
      memorySize: 256,
      // Nothing waits in an invocation; the time is for contention retries on one busy module.
      timeout: STATE_TIMEOUT,
      environment: {
        MODULES_TABLE_NAME: this.table.tableName,
        EVENT_BUS_NAME: props.bus.eventBusName,
        REORDER_WINDOW_MS: String(props.reorderWindowMs ?? 0),
      },
    });
    grantUseByKey(this.table, this.function.fn);
    props.bus.grantPutEventsTo(this.function.fn);
    this.drainQueue = this.drainQueueFor(this.function);
    this.rule = new Rule(this, 'Rule', {
      eventBus: props.bus,
      description: 'state.<EVENT> events, to the state function',
      eventPattern: {
        source: [BUS_SOURCES.ingest, BUS_SOURCES.replay],
        detail: { type: [{ prefix: STATE_EVENT_PREFIX }] },
      },
      targets: [
        new LambdaFunction(this.function.fn, { ...TARGET_RETRY, deadLetterQueue: props.deadLetterQueue }),
      ],
    });
  }

  /** Delayed drains (`{module}`, DelaySeconds = the head's wait), consumed by the state function. */
  private drainQueueFor(fn: VigilFunction): Queue {
    const deadLetters = new Queue(this, 'DrainDlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeDeadLetterQueue(deadLetters);
    const queue = new Queue(this, 'DrainQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      visibilityTimeout: Duration.seconds(STATE_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
    });
    fn.fn.addEnvironment('DRAIN_QUEUE_URL', queue.queueUrl);
    queue.grantSendMessages(fn.fn);
    fn.fn.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));
    return queue;
  }
}
