import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type Dashboard,
  type IMetric,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeAlarmTopic } from '../nag.ts';
import { vigilDashboard } from './dashboard.ts';
import { acrossFunctions, functionMetric, PERIOD, sumOf } from './function-metrics.ts';
import { throttlesOf } from './table-throttles.ts';
import { VigilFunction } from './vigil-function.ts';

export interface MonitoringProps {
  readonly api: HttpApi;
  /** Queues that only ever hold what failed: any message in them is an alarm. */
  readonly deadLetterQueues: readonly Queue[];
  /** Subscribed to the alarm topic when given (`-c vigil='{"alarmEmail": …}'`). */
  readonly alarmEmail?: string;
}

/** The alarm thresholds, stated once (docs/operations.md repeats them). */
export const ALARM_THRESHOLDS = {
  functionErrorPercent: 1,
  apiServerErrorPercent: 1,
  /** A work queue whose oldest message waits longer than this is falling behind. */
  queueAgeSeconds: 300,
  /** Failed webhook attempts above this share of all attempts in 5 minutes (receivers fail; retries cover a few). */
  deliveryFailurePercent: 20,
} as const;

function percent(id: string, part: IMetric, whole: IMetric, label: string): MathExpression {
  return new MathExpression({
    expression: `IF(${id}Whole > 0, 100 * ${id}Part / ${id}Whole, 0)`,
    usingMetrics: { [`${id}Part`]: part, [`${id}Whole`]: whole },
    label,
    period: PERIOD,
  });
}

/**
 * One alarm topic, an alarm on every Vigil function, table and queue of the stack (found when this
 * construct is made: create it last), alarms on what the functions count as failed (publication,
 * announcements, replays, deliveries) and on API 5xx, and one dashboard (dashboard.ts).
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', { displayName: 'Vigil alarms', enforceSSL: true });
    acknowledgeAlarmTopic(this.topic);
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const all = Stack.of(this).node.findAll();
    const functions = all.filter((c): c is VigilFunction => c instanceof VigilFunction);
    const tables = all.filter((c): c is Table => c instanceof Table);
    const queues = all.filter((c): c is Queue => c instanceof Queue);

    for (const fn of functions) this.functionAlarms(fn);
    for (const table of tables)
      this.alarm(
        `${table.node.path}Throttles`,
        throttlesOf(table, 't'),
        0,
        `DynamoDB throttled requests on ${table.node.path}`,
      );
    // A dead-letter queue is one named in props (Lambda and rule targets) or one a queue redrives to.
    const redriveTargets = new Set(
      queues.flatMap((q) => (q.deadLetterQueue ? [q.deadLetterQueue.queue] : [])),
    );
    for (const queue of queues)
      this.queueAlarm(queue, props.deadLetterQueues.includes(queue) || redriveTargets.has(queue));
    this.failureAlarms();
    this.alarm(
      'ApiServerErrors',
      percent(
        'api',
        props.api.metricServerError({ period: PERIOD }),
        props.api.metricCount({ period: PERIOD }),
        'API 5xx %',
      ),
      ALARM_THRESHOLDS.apiServerErrorPercent,
      'HTTP API 5xx answers above 1 % of requests',
    );
    this.dashboard = vigilDashboard(this, 'Dashboard', {
      functions,
      tables,
      api: props.api,
      deadLetterQueues: props.deadLetterQueues,
    });
  }

  /** What the functions count as failed: any of it is an alarm, but failed webhook attempts (above a share). */
  private failureAlarms(): void {
    this.alarm(
      'IngestPublishFailures',
      functionMetric('ingest', 'failed'),
      0,
      'Ingest answered events failed (publication or history write failed after retries)',
    );
    this.alarm(
      'AnnouncementsNotPublished',
      acrossFunctions('k', 'announcementsKept'),
      0,
      'alert.* / module.* announcements PutEvents refused: kept in the outbox, redrive them (docs/operations.md)',
    );
    this.alarm(
      'AnnouncementsLost',
      acrossFunctions('l', 'announcementsLost'),
      0,
      'alert.* / module.* announcements neither published nor kept (the logs hold them whole)',
    );
    this.alarm(
      'ReplayFailures',
      sumOf(
        'r',
        [functionMetric('replay', 'replaysFailed'), functionMetric('replay', 'replayPublishFailures')],
        'replay failures',
      ),
      0,
      'A replay failed, or PutEvents refused replayed events',
    );
    this.alarm(
      'DeliveriesDeadLettered',
      functionMetric('deliver', 'deliveriesDeadLettered'),
      0,
      'Webhook deliveries given up (dead-lettered): redrive them (docs/operations.md)',
    );
    const attempts = sumOf(
      'w',
      [functionMetric('deliver', 'deliveriesSucceeded'), functionMetric('deliver', 'deliveriesFailed')],
      'attempts',
    );
    this.alarm(
      'DeliveryFailures',
      percent('dlv', functionMetric('deliver', 'deliveriesFailed'), attempts, 'failed attempts %'),
      ALARM_THRESHOLDS.deliveryFailurePercent,
      `Failed webhook attempts above ${ALARM_THRESHOLDS.deliveryFailurePercent} % of attempts`,
    );
  }

  private functionAlarms(fn: VigilFunction): void {
    const name = fn.node.path;
    const errors = percent(
      'fn',
      fn.fn.metricErrors({ period: PERIOD }),
      fn.fn.metricInvocations({ period: PERIOD }),
      'errors %',
    );
    this.alarm(
      `${name}Errors`,
      errors,
      ALARM_THRESHOLDS.functionErrorPercent,
      `${name}: errors above 1 % of invocations`,
    );
    this.alarm(
      `${name}Throttles`,
      fn.fn.metricThrottles({ period: PERIOD }),
      0,
      `${name}: throttled invocations`,
    );
  }

  private queueAlarm(queue: Queue, deadLetters: boolean): void {
    const name = queue.node.path;
    if (deadLetters) {
      this.alarm(
        `${name}Depth`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        0,
        `${name}: dead letters waiting (redrive them: docs/operations.md)`,
      );
    } else {
      this.alarm(
        `${name}Age`,
        queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }),
        ALARM_THRESHOLDS.queueAgeSeconds,
        `${name}: oldest message older than ${ALARM_THRESHOLDS.queueAgeSeconds} s`,
      );
    }
  }

  /** Breaches when the metric is above `threshold`; a missing datapoint is not a breach. */
  private alarm(path: string, metric: IMetric, threshold: number, description: string): Alarm {
    const alarm = new Alarm(this, path.replace(/[^A-Za-z0-9]/g, ''), {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}
