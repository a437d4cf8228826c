import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { CfnRule, type EventPattern, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { z } from 'zod';
import { vigilConfigSchema } from '#infra/config.ts';
import { VigilFunction } from '#infra/constructs/vigil-function.ts';
import { VigilStack } from '#infra/vigil-stack.ts';

/** What an app sets beyond Vigil's defaults (the keys of CDK context `vigil`). */
export type E2eSettings = Partial<z.input<typeof vigilConfigSchema>>;

/**
 * The real Vigil stack plus probes the end-to-end tests and the bench watch it through: rules whose
 * Lambda target records (and on request fails) deliveries (ingested and replayed events of the e2e
 * sources, and their alerts opened), a scheduled rule with the same target, and a rule with an
 * invalid pattern that the local runtime must refuse at start. `bench.load`, the benchmark's
 * source, has no burst threshold, so every event it sends is accepted.
 */
export function synthE2eApp(settings: E2eSettings): void {
  const app = new App();
  const stack = new VigilStack(app, 'Vigil', {
    config: vigilConfigSchema.parse({
      burstOverrides: [{ source: 'bench.load', threshold: 1_000_000_000, windowSeconds: 60 }],
      // The auto-resolve test's source: its alerts resolve after a minute without events.
      resolveTimeouts: [{ source: 'e2e.autoresolve', timeoutSeconds: 60 }],
      ...settings,
    }),
  });
  const probes = new Table(stack, 'ProbeDeliveries', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    sortKey: { name: 'sk', type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const probe = new VigilFunction(stack, 'Probe', {
    name: 'probe',
    entry: path.join(path.dirname(fileURLToPath(import.meta.url)), 'probe-handler.ts'),
    description: 'e2e probe target',
    logRetention: RetentionDays.ONE_DAY,
    environment: { PROBE_TABLE_NAME: probes.tableName },
  });
  probes.grantWriteData(probe.fn);
  const probeRule = (id: string, eventPattern: EventPattern) =>
    new Rule(stack, id, {
      eventBus: stack.eventBus.bus,
      eventPattern,
      targets: [
        new LambdaFunction(probe.fn, {
          retryAttempts: 2,
          maxEventAge: Duration.minutes(1),
          deadLetterQueue: stack.eventBus.deadLetterQueue,
        }),
      ],
    });
  probeRule('ProbeRule', { source: ['vigil.ingest'], detail: { source: [{ prefix: 'e2e.' }] } });
  // A scheduled rule on the default bus: a day is long enough that tests fire it by hand.
  new Rule(stack, 'ProbeSchedule', {
    schedule: Schedule.rate(Duration.days(1)),
    targets: [new LambdaFunction(probe.fn, { retryAttempts: 0 })],
  });
  // Replays of the e2e sources, to the same probe: replay tests count what a subscriber receives.
  probeRule('ReplayProbeRule', { source: ['vigil.replay'], detail: { source: [{ prefix: 'e2e.' }] } });
  // Alerts opened for the e2e sources, to the same probe: the bench times POST /events → alert.opened.
  probeRule('AlertProbeRule', {
    source: ['vigil.alerts'],
    detailType: ['alert.opened'],
    detail: { source: [{ prefix: 'e2e.' }] },
  });
  new CfnRule(stack, 'BadPatternRule', {
    eventBusName: stack.eventBus.bus.eventBusName,
    eventPattern: { detail: { level: [{ numeric: ['>', 'ten'] }] } },
    state: 'ENABLED',
  });
  app.synth();
}
