import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Dashboard,
  GraphWidget,
  type IWidget,
  SingleValueWidget,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  ALERT_METRICS,
  AUTHORIZER_METRICS,
  DELIVERY_METRICS,
  DISPATCH_METRICS,
  INGEST_METRICS,
  REPLAY_METRICS,
  TRANSITION_METRICS,
} from '#lib/core/metrics.ts';
import { acrossFunctions, functionMetric, PERIOD } from './function-metrics.ts';
import { throttlesOf } from './table-throttles.ts';
import type { VigilFunction } from './vigil-function.ts';

export interface DashboardSources {
  readonly functions: readonly VigilFunction[];
  readonly tables: readonly Table[];
  readonly api: HttpApi;
  readonly deadLetterQueues: readonly Queue[];
}

const graph = (title: string, left: GraphWidget['props']['left'], width = 8) =>
  new GraphWidget({ title, left, width });

/** What the functions count (lib/core/metrics.ts): one graph per concern. */
function pipelineWidgets(): IWidget[] {
  const ingestOutcomes = INGEST_METRICS.filter((m) => m !== 'published' && m !== 'burstSummaries');
  return [
    new GraphWidget({
      title: 'Ingest: events by outcome',
      left: ingestOutcomes.map((m) => functionMetric('ingest', m)),
      width: 12,
      stacked: true,
    }),
    new GraphWidget({
      title: 'Ingest: published, burst summaries',
      left: (['published', 'burstSummaries'] as const).map((m) => functionMetric('ingest', m)),
      width: 12,
    }),
    graph('Alerts: events by outcome, auto-resolved', [
      ...ALERT_METRICS.map((m) => functionMetric('alerting', m)),
      functionMetric('alert-sweeper', 'alertsAutoResolved'),
    ]),
    graph(
      'State: transitions applied / refused',
      TRANSITION_METRICS.map((m) => functionMetric('state', m)),
    ),
    graph('Announcements: kept, lost, redriven', [
      acrossFunctions('a0', 'announcementsKept'),
      acrossFunctions('a1', 'announcementsLost'),
      functionMetric('admin', 'announcementsRedriven'),
    ]),
    graph(
      'Replay: replays and events replayed',
      REPLAY_METRICS.map((m) => functionMetric('replay', m)),
    ),
    graph(
      'Subscriptions: dispatched, matched, enqueued',
      DISPATCH_METRICS.map((m) => functionMetric('dispatch', m)),
    ),
    graph(
      'Deliveries: succeeded, failed, dead-lettered',
      DELIVERY_METRICS.map((m) => functionMetric('deliver', m)),
    ),
    graph(
      'Producer keys: accepted / refused',
      AUTHORIZER_METRICS.map((m) => functionMetric('authorizer', m)),
    ),
  ];
}

/** What AWS reports about the functions, tables, API and dead-letter queues. */
function resourceWidgets(sources: DashboardSources): IWidget[] {
  const { functions, api } = sources;
  return [
    graph(
      'Lambda errors',
      functions.map((f) => f.fn.metricErrors({ period: PERIOD, label: f.node.id })),
    ),
    graph(
      'Lambda throttles',
      functions.map((f) => f.fn.metricThrottles({ period: PERIOD, label: f.node.id })),
    ),
    graph(
      'Lambda duration p99 (ms)',
      functions.map((f) => f.fn.metricDuration({ period: PERIOD, statistic: 'p99', label: f.node.id })),
    ),
    graph(
      'DynamoDB throttled requests',
      sources.tables.map((t, i) => throttlesOf(t, `t${i}`)),
    ),
    new GraphWidget({
      title: 'API 4xx / 5xx',
      left: [api.metricClientError({ period: PERIOD }), api.metricServerError({ period: PERIOD })],
      right: [api.metricLatency({ period: PERIOD, statistic: 'p99' })],
      width: 8,
    }),
    new SingleValueWidget({
      title: 'Dead letters waiting',
      metrics: sources.deadLetterQueues.map((q) =>
        q.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
      ),
      width: 8,
    }),
  ];
}

/** One dashboard per stack (`<stack name>-vigil`): what the functions count, then what AWS reports. */
export function vigilDashboard(scope: Construct, id: string, sources: DashboardSources): Dashboard {
  const dashboard = new Dashboard(scope, id, {
    dashboardName: `${Stack.of(scope).stackName}-vigil`,
    defaultInterval: Duration.hours(3),
  });
  dashboard.addWidgets(
    new TextWidget({
      markdown:
        '# Vigil\nWhat the functions count (namespace `Vigil`, dimension `service`), then Lambda, DynamoDB, API and dead letters. Alarms go to the Vigil alarms topic.',
      width: 24,
      height: 2,
    }),
    ...pipelineWidgets(),
    ...resourceWidgets(sources),
  );
  return dashboard;
}
