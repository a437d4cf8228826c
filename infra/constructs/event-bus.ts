import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { CloudWatchLogGroup } from 'aws-cdk-lib/aws-events-targets';
import { LogGroup, LogGroupClass, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUS_SOURCES } from '#lib/core/bus-event.ts';
import { acknowledgeDeadLetterQueue } from '../nag.ts';

export interface EventBusProps {
  readonly busName: string;
  readonly logRetention: RetentionDays;
}

/** Retry and dead-letter settings every rule target of Vigil uses (DESIGN.md: no target without them). */
export const TARGET_RETRY = { retryAttempts: 8, maxEventAge: Duration.hours(2) } as const;

/**
 * The `vigil` bus, a dead-letter queue shared by its rule targets, and the audit rule that copies
 * every event Vigil puts on the bus into a log group (a searchable trail independent of consumers).
 */
export class VigilEventBus extends Construct {
  readonly bus: EventBus;
  readonly deadLetterQueue: Queue;
  readonly auditLog: LogGroup;
  readonly auditRule: Rule;

  constructor(scope: Construct, id: string, props: EventBusProps) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { eventBusName: props.busName });
    this.deadLetterQueue = new Queue(this, 'TargetDlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeDeadLetterQueue(this.deadLetterQueue);
    this.auditLog = new LogGroup(this, 'AuditLog', {
      // Half the ingestion price of the standard class; EventBridge writes it, Logs Insights reads it.
      logGroupClass: LogGroupClass.INFREQUENT_ACCESS,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.auditRule = new Rule(this, 'AuditRule', {
      eventBus: this.bus,
      description: 'Every event Vigil publishes, to the audit log group',
      eventPattern: { source: Object.values(BUS_SOURCES) },
      targets: [
        new CloudWatchLogGroup(this.auditLog, { ...TARGET_RETRY, deadLetterQueue: this.deadLetterQueue }),
      ],
    });
  }
}
