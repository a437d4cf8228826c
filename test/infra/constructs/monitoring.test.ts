import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALARM_THRESHOLDS } from '#infra/constructs/monitoring.ts';
import { VigilStack } from '#infra/vigil-stack.ts';
import { METRICS_NAMESPACE, SERVICE_DIMENSION, SERVICE_METRICS } from '#lib/core/metrics.ts';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
/** CDK's own deploy-time custom resources (the audit log group's policy; emptying and filling the console bucket) run once per deploy. */
const DEPLOY_TIME_ONLY =
  /^(AWS679f53fac002430cb0da5b7982bd2287|CustomS3AutoDeleteObjectsCustomResourceProviderHandler|CustomCDKBucketDeployment)/;
let template: Template;

beforeAll(() => {
  // GIVEN the stack with an alarm email
  const app = new App({ context: { ...NO_BUNDLING, vigil: { alarmEmail: 'oncall@example.com' } } });
  // WHEN it is synthesized
  template = Template.fromStack(new VigilStack(app, 'Vigil'));
});

function alarmsNaming(logicalId: string): Record<string, unknown>[] {
  return Object.values(template.findResources('AWS::CloudWatch::Alarm'))
    .map((alarm) => alarm.Properties as Record<string, unknown>)
    .filter((props) => JSON.stringify(props).includes(`"${logicalId}"`));
}

describe('Construct: Monitoring', () => {
  it('gives every Vigil function an error-rate alarm and a throttle alarm', () => {
    // THEN
    const functions = Object.keys(template.findResources('AWS::Lambda::Function')).filter(
      (id) => !DEPLOY_TIME_ONLY.test(id),
    );
    expect(functions.length).toBeGreaterThanOrEqual(6);
    for (const id of functions) {
      const descriptions = alarmsNaming(id).map((a) => String(a.AlarmDescription));
      expect(
        descriptions.some((d) => d.includes('errors above 1 %')),
        id,
      ).toBe(true);
      expect(
        descriptions.some((d) => d.includes('throttled invocations')),
        id,
      ).toBe(true);
    }
  });

  it('gives every table a throttling alarm and every queue an alarm (a dead letter at all, for the DLQ)', () => {
    // THEN
    for (const id of Object.keys(template.findResources('AWS::DynamoDB::Table'))) {
      expect(
        alarmsNaming(id).some((a) => String(a.AlarmDescription).includes('throttled')),
        id,
      ).toBe(true);
    }
    const queues = Object.keys(template.findResources('AWS::SQS::Queue'));
    expect(queues.length).toBeGreaterThanOrEqual(1);
    for (const id of queues) expect(alarmsNaming(id).length, id).toBeGreaterThanOrEqual(1);
    // Every dead-letter queue (the rule targets', the deliveries', and any queue's redrive target)
    // alarms as soon as one message is in it.
    const dlqs = queues.filter((id) => /Dlq/.test(id));
    expect(dlqs.length).toBeGreaterThanOrEqual(3);
    for (const dlq of dlqs)
      expect(alarmsNaming(dlq), dlq).toContainEqual(
        expect.objectContaining({
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          MetricName: 'ApproximateNumberOfMessagesVisible',
        }),
      );
  });

  it('alarms on publication failures and API 5xx, and sends every alarm and recovery to the topic the email subscribes to', () => {
    // THEN
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties as Record<string, unknown>,
    );
    expect(alarms.some((a) => a.MetricName === 'failed' && a.Namespace === 'Vigil')).toBe(true);
    expect(alarms.some((a) => String(a.AlarmDescription).includes('HTTP API 5xx'))).toBe(true);
    const [topic] = Object.keys(template.findResources('AWS::SNS::Topic'));
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: topic }]);
      expect(alarm.OKActions).toEqual([{ Ref: topic }]);
      expect(alarm.TreatMissingData).toBe('notBreaching');
    }
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
  });

  it('builds one dashboard of ingest outcomes, functions, tables, API and dead letters', () => {
    // THEN
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const title of [
      'Ingest: events by outcome',
      'Lambda errors',
      'Lambda duration p99',
      'DynamoDB throttled requests',
      'API 4xx / 5xx',
      'Dead letters waiting',
    ]) {
      expect(body).toContain(title);
    }
  });

  it('graphs exactly the metrics the functions emit: each Vigil metric on the dashboard is one lib/core/metrics.ts lists for its service, and each listed one is graphed', () => {
    // THEN
    const emitted = Object.entries(SERVICE_METRICS).flatMap(([service, names]) =>
      names.map((name) => `${service}/${name}`),
    );
    const graphed = vigilMetricsOnDashboard();
    expect(graphed.length).toBeGreaterThan(0);
    for (const metric of graphed) expect(emitted, metric).toContain(metric);
    expect(new Set(graphed)).toEqual(new Set(emitted));
  });

  it('alarms above stated thresholds on announcements kept or lost, failed replays, dead-lettered and failing deliveries', () => {
    // THEN
    const byId = template.findResources('AWS::CloudWatch::Alarm');
    const alarm = (prefix: string) => {
      const found = Object.entries(byId).find(([id]) => id.startsWith(`Monitoring${prefix}`));
      expect(found, prefix).toBeDefined();
      return JSON.stringify(found?.[1].Properties);
    };
    for (const [prefix, threshold, metrics] of [
      ['AnnouncementsNotPublished', 0, ['announcementsKept']],
      ['AnnouncementsLost', 0, ['announcementsLost']],
      ['ReplayFailures', 0, ['replaysFailed', 'replayPublishFailures']],
      ['DeliveriesDeadLettered', 0, ['deliveriesDeadLettered']],
      [
        'DeliveryFailures',
        ALARM_THRESHOLDS.deliveryFailurePercent,
        ['deliveriesFailed', 'deliveriesSucceeded'],
      ],
    ] as const) {
      const props = alarm(prefix);
      expect(props, prefix).toContain(`"Threshold":${threshold}`);
      expect(props, prefix).toContain('"ComparisonOperator":"GreaterThanThreshold"');
      for (const metric of metrics) expect(props, prefix).toContain(`"MetricName":"${metric}"`);
    }
  });
});

/** `<service>/<name>` of every metric in namespace Vigil the dashboard's widgets reference. */
function vigilMetricsOnDashboard(): string[] {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  const body = dashboard?.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] };
  // Tokens (region, names) sit inside JSON strings: a placeholder keeps the body parseable.
  const text = body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('');
  const widgets = (JSON.parse(text) as { widgets: { properties: { metrics?: unknown[][] } }[] }).widgets;
  return widgets.flatMap((w) =>
    (w.properties.metrics ?? [])
      .filter((m) => m[0] === METRICS_NAMESPACE)
      .map((m) => {
        expect(m[2]).toBe(SERVICE_DIMENSION);
        return `${m[3]}/${m[1]}`;
      }),
  );
}
