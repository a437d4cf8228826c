import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '#lib/core/metrics.ts';
import { acknowledgeAlarmTopic } from '../nag.ts';
import { VigilFunction } from './vigil-function.ts';

export interface MonitoringProps {
  readonly api: HttpApi;
  /** Queues that only ever hold what failed: any message in them is an alarm. */
  readonly deadLetterQueues: readonly Queue[];
  /** Subscribed to the alarm topic when given (`-c vigil='{"alarmEmail": …}'`). */
  readonly alarmEmail?: string;
}

const PERIOD = Duration.minutes(5);

/** The alarm thresholds, stated once (docs/operations.md repeats them). */
export const ALARM_THRESHOLDS = {
  functionErrorPercent: 1,
  apiServerErrorPercent: 1,
  /** A work queue whose oldest message waits longer than this is falling behind. */
  queueAgeSeconds: 300,
} as const;

const DATA_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.QUERY,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
];

/** What ingest counts (lib/aws/observability.ts: Powertools Metrics, dimension `service`). */
function ingestMetric(name: string): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: 'ingest' },
    statistic: 'Sum',
    period: PERIOD,
  });
}

/** A table's throttled requests over its data operations, with metric ids unique to `prefix` (one graph holds several). */
function throttlesOf(table: Table, prefix: string): MathExpression {
  const usingMetrics = Object.fromEntries(
    DATA_OPERATIONS.map((operation) => [
      `${prefix}${operation.toLowerCase()}`,
      table.metric('ThrottledRequests', {
        dimensionsMap: { TableName: table.tableName, Operation: operation },
        statistic: 'Sum',
        period: PERIOD,
      }),
    ]),
  );
  return new MathExpression({
    expression: Object.keys(usingMetrics).join(' + '),
    usingMetrics,
    label: table.node.path,
    period: PERIOD,
  });
}

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
 * construct is made: create it last), alarms on publication failures and API 5xx, and one dashboard
 * of the metrics the functions emit and AWS reports.
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
    for (const table of tables) {
      this.alarm(
        `${table.node.path}Throttles`,
        throttlesOf(table, 't'),
        0,
        `DynamoDB throttled requests on ${table.node.path}`,
      );
    }
    for (const queue of queues) this.queueAlarm(queue, props.deadLetterQueues.includes(queue));
    this.alarm(
      'IngestPublishFailures',
      ingestMetric('failed'),
      0,
      'Ingest answered events failed (publication or history write failed after retries)',
    );
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

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-vigil`,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          '# Vigil\nIngest outcomes, functions, tables, API and dead letters. Alarms go to the Vigil alarms topic.',
        width: 24,
        height: 2,
      }),
      new GraphWidget({
        title: 'Ingest: events by outcome',
        left: ['accepted', 'duplicate', 'suppressed', 'filtered', 'rejected', 'failed'].map(ingestMetric),
        width: 12,
        stacked: true,
      }),
      new GraphWidget({
        title: 'Ingest: published, burst summaries',
        left: ['published', 'burstSummaries'].map(ingestMetric),
        width: 12,
      }),
      new GraphWidget({
        title: 'Lambda errors',
        left: functions.map((f) => f.fn.metricErrors({ period: PERIOD, label: f.node.id })),
        width: 8,
      }),
      new GraphWidget({
        title: 'Lambda throttles',
        left: functions.map((f) => f.fn.metricThrottles({ period: PERIOD, label: f.node.id })),
        width: 8,
      }),
      new GraphWidget({
        title: 'Lambda duration p99 (ms)',
        left: functions.map((f) =>
          f.fn.metricDuration({ period: PERIOD, statistic: 'p99', label: f.node.id }),
        ),
        width: 8,
      }),
      new GraphWidget({
        title: 'DynamoDB throttled requests',
        left: tables.map((t, i) => throttlesOf(t, `t${i}`)),
        width: 8,
      }),
      new GraphWidget({
        title: 'API 4xx / 5xx',
        left: [
          props.api.metricClientError({ period: PERIOD }),
          props.api.metricServerError({ period: PERIOD }),
        ],
        right: [props.api.metricLatency({ period: PERIOD, statistic: 'p99' })],
        width: 8,
      }),
      new SingleValueWidget({
        title: 'Dead letters waiting',
        metrics: props.deadLetterQueues.map((q) =>
          q.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
        ),
        width: 8,
      }),
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
