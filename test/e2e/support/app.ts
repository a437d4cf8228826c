import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { CfnRule, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { vigilConfigSchema } from '#infra/config.ts';
import { VigilFunction } from '#infra/constructs/vigil-function.ts';
import { VigilStack } from '#infra/vigil-stack.ts';

/**
 * The end-to-end app (also what `npm run bench` runs): the real Vigil stack plus probes the tests
 * watch it through: rules whose Lambda target records (and on request fails) deliveries (ingested
 * and replayed events of the e2e sources, and their alerts opened), a
 * scheduled rule with the same target, and a rule with an invalid pattern that the local runtime
 * must refuse at start.
 */
const app = new App();
// `bench.load` is the benchmark's source: no burst threshold, so every event it sends is accepted.
const stack = new VigilStack(app, 'Vigil', {
  config: vigilConfigSchema.parse({
    burstOverrides: [{ source: 'bench.load', threshold: 1_000_000_000, windowSeconds: 60 }],
    // The auto-resolve test's source: its alerts resolve after a minute without events.
    resolveTimeouts: [{ source: 'e2e.autoresolve', timeoutSeconds: 60 }],
    // Short key caches, so that the revocation test waits seconds; the defaults (20 s + 10 s) are
    // checked on the template in test/infra/revocation.test.ts.
    authorizerCacheSeconds: 4,
    keyCacheSeconds: 2,
    // Subscription tests: a new subscription matches at once, and a hanging receiver fails in 2 s.
    subscriptionCacheSeconds: 0,
    deliveryTimeoutSeconds: 2,
    // Notify durations × 0.02: a 60 s repeatInterval is 1.2 s, a 120 s escalation 2.4 s.
    notifyTimeScale: 0.02,
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
new Rule(stack, 'ProbeRule', {
  eventBus: stack.eventBus.bus,
  eventPattern: { source: ['vigil.ingest'], detail: { source: [{ prefix: 'e2e.' }] } },
  targets: [
    new LambdaFunction(probe.fn, {
      retryAttempts: 2,
      maxEventAge: Duration.minutes(1),
      deadLetterQueue: stack.eventBus.deadLetterQueue,
    }),
  ],
});
// A scheduled rule on the default bus: a day is long enough that tests fire it by hand.
new Rule(stack, 'ProbeSchedule', {
  schedule: Schedule.rate(Duration.days(1)),
  targets: [new LambdaFunction(probe.fn, { retryAttempts: 0 })],
});
// Replays of the e2e sources, to the same probe: replay tests count what a subscriber receives.
new Rule(stack, 'ReplayProbeRule', {
  eventBus: stack.eventBus.bus,
  eventPattern: { source: ['vigil.replay'], detail: { source: [{ prefix: 'e2e.' }] } },
  targets: [
    new LambdaFunction(probe.fn, {
      retryAttempts: 2,
      maxEventAge: Duration.minutes(1),
      deadLetterQueue: stack.eventBus.deadLetterQueue,
    }),
  ],
});
// Alerts opened for the e2e sources, to the same probe: the bench times POST /events → alert.opened.
new Rule(stack, 'AlertProbeRule', {
  eventBus: stack.eventBus.bus,
  eventPattern: {
    source: ['vigil.alerts'],
    detailType: ['alert.opened'],
    detail: { source: [{ prefix: 'e2e.' }] },
  },
  targets: [
    new LambdaFunction(probe.fn, {
      retryAttempts: 2,
      maxEventAge: Duration.minutes(1),
      deadLetterQueue: stack.eventBus.deadLetterQueue,
    }),
  ],
});
new CfnRule(stack, 'BadPatternRule', {
  eventBusName: stack.eventBus.bus.eventBusName,
  eventPattern: { detail: { level: [{ numeric: ['>', 'ten'] }] } },
  state: 'ENABLED',
});
app.synth();
