import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { vigilConfigSchema } from '#infra/config.ts';
import { VigilStack } from '#infra/vigil-stack.ts';
import { compilePattern } from '#lib/core/pattern.ts';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
let template: Template;
let stack: VigilStack;

beforeAll(() => {
  // GIVEN the app with the defaults
  const app = new App({ context: NO_BUNDLING });
  // WHEN it is synthesized
  stack = new VigilStack(app, 'Vigil');
  template = Template.fromStack(stack);
});

/** The non-wildcard statements of the default policy of the role whose logical id starts with `rolePrefix`. */
function statementsOf(
  rolePrefix: string,
  { withWildcards = false, from = template } = {},
): Record<string, unknown>[] {
  const policy = from.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${rolePrefix}`) }] },
  });
  const statements = Object.values(policy).flatMap(
    (p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[],
  );
  return withWildcards ? statements : statements.filter((s) => s.Resource !== '*');
}

/** What alerting and admin may do on the Alerts table: by key, on the table only (not its indexes). */
const alertTableByKey = () => ({
  Action: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
  ],
  Effect: 'Allow',
  Resource: { 'Fn::GetAtt': [logicalId(stack.alerting.table), 'Arn'] },
});

/** What the state and admin functions may do on the Modules table: by key, on the table only. */
const moduleTableByKey = () => ({
  ...alertTableByKey(),
  Resource: { 'Fn::GetAtt': [logicalId(stack.state.table), 'Arn'] },
});

/** Reads of history by key, by partition and on the by-id index: no writes. */
const historyReads = () => {
  const arn = { 'Fn::GetAtt': [logicalId(stack.eventStore.history), 'Arn'] };
  return {
    Action: ['dynamodb:GetItem', 'dynamodb:Query'],
    Effect: 'Allow',
    Resource: [arn, { 'Fn::Join': ['', [arn, '/index/byId']] }],
  };
};

const putEventsOnBus = () => ({
  Action: 'events:PutEvents',
  Effect: 'Allow',
  Resource: { 'Fn::GetAtt': [logicalId(stack.eventBus.bus), 'Arn'] },
});

/** Adding to the announcements outbox, what every announcing function may do there. */
const keepAnnouncements = () => ({
  Action: 'dynamodb:BatchWriteItem',
  Effect: 'Allow',
  Resource: { 'Fn::GetAtt': [logicalId(stack.announcements.outbox), 'Arn'] },
});

const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);

describe('Stack: VigilStack', () => {
  it('keys History by hour-bucket shard and receivedAt, with TTL, on demand (PITR per stage: stages.test.ts)', () => {
    // The History table itself, by its logical id: any other pk/sk table must not satisfy this.
    const history = template.toJSON().Resources[logicalId(stack.eventStore.history)];
    expect(history?.Type).toBe('AWS::DynamoDB::Table');
    expect(history.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    expect(history.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
    );
    expect(history.Properties.GlobalSecondaryIndexes).toEqual([
      expect.objectContaining({ IndexName: 'byId', Projection: { ProjectionType: 'KEYS_ONLY' } }),
    ]);
  });

  it('keys Dedup by one partition key with TTL', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
      DeletionPolicy: 'Delete',
    });
    template.resourceCountIs('AWS::DynamoDB::Table', 8);
  });

  it('creates the vigil bus and an audit rule over every Vigil source with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'vigil' });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: logicalId(stack.eventBus.bus) },
      EventPattern: { source: ['vigil.ingest', 'vigil.alerts', 'vigil.state', 'vigil.replay'] },
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(stack.eventBus.deadLetterQueue), 'Arn'] } },
        }),
      ],
    });
  });

  it('runs the functions on Node 22, ARM64, with their log groups and configuration', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Timeout: 15,
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^IngestLogs') } },
      Environment: {
        Variables: Match.objectLike({
          HISTORY_TABLE_NAME: { Ref: logicalId(stack.eventStore.history) },
          DEDUP_TABLE_NAME: { Ref: logicalId(stack.eventStore.dedup) },
          EVENT_BUS_NAME: { Ref: logicalId(stack.eventBus.bus) },
          DEDUP_WINDOW_SECONDS: '86400',
          HISTORY_RETENTION_SECONDS: '604800',
          BURST_THRESHOLD: '20',
          BURST_WINDOW_SECONDS: '60',
          CLAIM_LEASE_MS: '20000',
        }),
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('routes POST /events to ingest behind the cached producer-key authorizer', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /events',
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: Match.stringLikeRegexp('ProducerKey') },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 20,
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      PayloadFormatVersion: '2.0',
      IntegrationType: 'AWS_PROXY',
    });
  });

  it('serves every admin route, and only those, behind IAM authorization', () => {
    const iamRoutes = Object.values(
      template.findResources('AWS::ApiGatewayV2::Route', { Properties: { AuthorizationType: 'AWS_IAM' } }),
    ).map((route) => route.Properties.RouteKey as string);
    expect(iamRoutes.sort()).toEqual(
      [
        'GET /bursts',
        'GET /events',
        'GET /events/{id}',
        'GET /alerts',
        'GET /alerts/{id}',
        'POST /alerts/{id}/ack',
        'POST /alerts/{id}/resolve',
        'GET /silences',
        'POST /silences',
        'DELETE /silences/{id}',
        'GET /modules',
        'GET /modules/{name}',
        'GET /modules/{name}/transitions',
        'POST /modules/{name}/events',
        'POST /announcements/redrive',
        'POST /replay',
        'GET /replay/{id}',
        'POST /replay/{id}/cancel',
        'POST /replay/{id}/resume',
        'POST /subscriptions',
        'GET /subscriptions',
        'GET /subscriptions/{name}',
        'PUT /subscriptions/{name}',
        'DELETE /subscriptions/{name}',
        'POST /subscriptions/{name}/rotate-secret',
        'GET /subscriptions/{name}/deliveries',
        'POST /subscriptions/{name}/redrive',
        'GET /events/{id}/deliveries',
      ].sort(),
    );
  });

  it('lets the admin function read history and the dedup table, use the alerts and modules tables, query their listing indexes and announce on its bus', () => {
    expect(statementsOf('AdminFunctionServiceRole')).toEqual([
      historyReads(),
      {
        Action: 'dynamodb:GetItem',
        Effect: 'Allow',
        Resource: [{ 'Fn::GetAtt': [logicalId(stack.eventStore.dedup), 'Arn'] }],
      },
      alertTableByKey(),
      {
        Action: 'dynamodb:Query',
        Effect: 'Allow',
        Resource: {
          'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(stack.alerting.table), 'Arn'] }, '/index/byState']],
        },
      },
      moduleTableByKey(),
      {
        Action: 'dynamodb:Query',
        Effect: 'Allow',
        Resource: {
          'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(stack.state.table), 'Arn'] }, '/index/byName']],
        },
      },
      {
        Action: 'dynamodb:BatchGetItem',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [logicalId(stack.state.table), 'Arn'] },
      },
      putEventsOnBus(),
      keepAnnouncements(),
      {
        Action: ['dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [logicalId(stack.announcements.outbox), 'Arn'] },
      },
    ]);
  });

  it('throttles the default stage and logs access', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 2000, ThrottlingBurstLimit: 5000 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('lets ingest write only its two tables and put events only on its bus', () => {
    expect(statementsOf('IngestFunctionServiceRole', { withWildcards: true })).toEqual([
      { Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Effect: 'Allow', Resource: '*' },
      {
        Action: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PartiQLInsert'],
        Effect: 'Allow',
        Resource: [{ 'Fn::GetAtt': [logicalId(stack.eventStore.dedup), 'Arn'] }],
      },
      {
        Action: ['dynamodb:BatchWriteItem', 'dynamodb:GetItem'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [logicalId(stack.eventStore.history), 'Arn'] },
      },
      putEventsOnBus(),
    ]);
  });

  it('lets the authorizer only read the producer keys table', () => {
    expect(statementsOf('ProducerAuthAuthorizerFunctionServiceRole')).toEqual([
      {
        Action: 'dynamodb:GetItem',
        Effect: 'Allow',
        Resource: [{ 'Fn::GetAtt': [logicalId(stack.producerAuth.keys), 'Arn'] }],
      },
    ]);
  });

  it('routes WARNING/CRITICAL events and producer resolves from ingest and replay to alerting, never its own output', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: logicalId(stack.eventBus.bus) },
      EventPattern: {
        source: ['vigil.ingest', 'vigil.replay'],
        detail: { $or: [{ severity: ['WARNING', 'CRITICAL'] }, { alertAction: ['resolve'] }] },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlertingFunction'), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(stack.eventBus.deadLetterQueue), 'Arn'] } },
        }),
      ],
    });
  });

  it('gives the alerts one listing index, by state, projecting only what listing filters on, so a repeat writes no index entry', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'byState',
          KeySchema: [
            { AttributeName: 'byStatePk', KeyType: 'HASH' },
            { AttributeName: 'listSk', KeyType: 'RANGE' },
          ],
          Projection: {
            ProjectionType: 'INCLUDE',
            NonKeyAttributes: ['state', 'severity', 'source', 'type'],
          },
        }),
      ],
    });
  });

  it('gives the alerting function its silence cache time (5 s unless configured)', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Vigil: alert lifecycle from WARNING/CRITICAL events',
      Environment: { Variables: Match.objectLike({ SILENCE_CACHE_SECONDS: '5' }) },
    });
  });

  it('lets alerting use only its table (not its indexes) and put events only on its bus', () => {
    expect(statementsOf('AlertingFunctionServiceRole')).toEqual([
      alertTableByKey(),
      putEventsOnBus(),
      keepAnnouncements(),
    ]);
  });

  it('keeps module state in one partition per module, with a keys-only name index and TTL on markers', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byName',
          KeySchema: [
            { AttributeName: 'listPk', KeyType: 'HASH' },
            { AttributeName: 'listSk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    });
  });

  it('routes state.* events from ingest and replay to the state function, with a retry policy and the dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['vigil.ingest', 'vigil.replay'], detail: { type: [{ prefix: 'state.' }] } },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(stack.state.function.fn), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 },
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 30,
      Environment: { Variables: Match.objectLike({ REORDER_WINDOW_MS: '0' }) },
    });
  });

  it('lets the state function use only its table (not its index), put events only on its bus and use its drain queue', () => {
    const drainQueue = { 'Fn::GetAtt': [logicalId(stack.state.drainQueue), 'Arn'] };
    expect(statementsOf('StateFunctionServiceRole')).toEqual([
      moduleTableByKey(),
      putEventsOnBus(),
      {
        Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        Effect: 'Allow',
        Resource: drainQueue,
      },
      {
        Action: [
          'sqs:ReceiveMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueUrl',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
        ],
        Effect: 'Allow',
        Resource: drainQueue,
      },
      keepAnnouncements(),
    ]);
  });

  it('lets replay read history, keep its records, put events on its bus and invoke only itself: nothing else', () => {
    expect(statementsOf('ReplayFunctionServiceRole')).toEqual([
      historyReads(),
      {
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [logicalId(stack.replay.table), 'Arn'] },
      },
      putEventsOnBus(),
      // from a policy of its own: in the default policy, which the function depends on, it would be a cycle
      {
        Action: 'lambda:InvokeFunction',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [logicalId(stack.replay.function.fn), 'Arn'] },
      },
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 300,
      Environment: {
        Variables: Match.objectLike({ HISTORY_SHARDS: '16', ACCOUNT_ID: { Ref: 'AWS::AccountId' } }),
      },
    });
  });

  it('takes its settings from the vigil context', () => {
    // GIVEN
    const app = new App({
      context: {
        ...NO_BUNDLING,
        vigil: { busName: 'vigil-staging', burstThreshold: 50, reorderWindowMs: 2000 },
      },
    });
    // WHEN
    const custom = Template.fromStack(new VigilStack(app, 'Staging'));
    // THEN
    custom.hasResourceProperties('AWS::Events::EventBus', { Name: 'vigil-staging' });
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ BURST_THRESHOLD: '50' }) },
    });
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ REORDER_WINDOW_MS: '2000' }) },
    });
  });

  it('hands the ingest middleware to the ingest function, and refuses an invalid step at synth naming it', () => {
    // GIVEN
    const ingestMiddleware = [{ step: 'drop', match: { type: ['heartbeat'] } }];
    const app = new App({ context: { ...NO_BUNDLING, vigil: { ingestMiddleware } } });
    const broken = new App({
      context: { ...NO_BUNDLING, vigil: { ingestMiddleware: [{ step: 'drop', match: { type: 'x' } }] } },
    });
    // WHEN
    const template = Template.fromStack(new VigilStack(app, 'Middleware'));
    // THEN
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ INGEST_MIDDLEWARE: JSON.stringify(ingestMiddleware) }) },
    });
    expect(() => new VigilStack(broken, 'Broken')).toThrow(
      /vigil\.ingestMiddleware\.0\.match.*not a valid event pattern/,
    );
  });

  it('refuses a misspelt setting in the vigil context', () => {
    const app = new App({ context: { ...NO_BUNDLING, vigil: { burstTreshold: 50 } } });
    expect(() => new VigilStack(app, 'Typo')).toThrow(/vigil\./);
    expect(vigilConfigSchema.parse({}).historyShards).toBe(16);
  });
});

describe('Stack: no rule consumes what its own target emits (no loops)', () => {
  const busEvent = (source: string, detail: Record<string, unknown>) => ({
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': String(detail.type),
    source,
    account: '000000000000',
    time: '2026-11-23T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail,
  });
  const patternOf = (rule: { node: { defaultChild?: unknown } }) =>
    compilePattern(template.toJSON().Resources[logicalId(rule)].Properties.EventPattern);

  it('keeps the alerting rule off alert.* events and the state rule off module.* events', () => {
    // GIVEN the two rules as synthesized
    const alerting = patternOf(stack.alerting.rule);
    const state = patternOf(stack.state.rule);
    const warning = { id: '01J', source: 'press', type: 'overheat', severity: 'CRITICAL' };
    // THEN each takes its input from ingest and replay
    expect(alerting.matches(busEvent('vigil.ingest', warning))).toBe(true);
    expect(alerting.matches(busEvent('vigil.replay', warning))).toBe(true);
    expect(state.matches(busEvent('vigil.ingest', { ...warning, type: 'state.START', module: 'arm' }))).toBe(
      true,
    );
    // AND none of what Vigil itself emits, even when it carries the fields the rules look at
    for (const kind of ['alert.opened', 'alert.escalated', 'alert.acknowledged', 'alert.resolved'])
      expect(alerting.matches(busEvent('vigil.alerts', { ...warning, type: kind }))).toBe(false);
    for (const kind of ['module.transitioned', 'module.transition_rejected']) {
      const derived = busEvent('vigil.state', { ...warning, type: kind, module: 'arm' });
      expect(state.matches(derived)).toBe(false);
      expect(alerting.matches(derived)).toBe(false);
    }
  });
});

describe('Stack: the auto-resolve sweeper', () => {
  const withTimeouts = () =>
    new App({
      context: { ...NO_BUNDLING, vigil: { resolveTimeouts: [{ source: 'press', timeoutSeconds: 900 }] } },
    });

  it('is not deployed while no resolveTimeout is configured', () => {
    expect(stack.alerting.sweeper).toBeUndefined();
    // The one schedule left is the subscriptions' (the dispatch rule's narrowing).
    template.resourcePropertiesCountIs('AWS::Events::Rule', { ScheduleExpression: Match.anyValue() }, 1);
    template.resourcePropertiesCountIs('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' }, 0);
  });

  it('runs every minute with the configured timeouts, a retry policy and the dead-letter queue', () => {
    // GIVEN / WHEN
    const swept = new VigilStack(withTimeouts(), 'Swept');
    const sweptTemplate = Template.fromStack(swept);
    // THEN
    sweptTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ RESOLVE_TIMEOUTS: '[{"source":"press","timeoutSeconds":900}]' }),
      },
    });
    sweptTemplate.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 300 },
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      ],
    });
    // Logical ids follow construct paths, so they are the default stack's.
    const alertsArn = { 'Fn::GetAtt': [logicalId(stack.alerting.table), 'Arn'] };
    expect(statementsOf('AlertingSweeperFunctionServiceRole', { from: sweptTemplate })).toEqual([
      alertTableByKey(),
      {
        Action: 'dynamodb:Query',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', [alertsArn, '/index/byState']] },
      },
      putEventsOnBus(),
      keepAnnouncements(),
    ]);
  });

  it('passes cdk-nag AwsSolutions', () => {
    const app = withTimeouts();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    new VigilStack(app, 'Vigil');
    expect(() => app.synth()).not.toThrow();
  });
});

describe('Checks: cdk-nag AwsSolutions', () => {
  it('finds no unacknowledged error in the stack', () => {
    // GIVEN the app as infra/app.ts builds it
    const app = new App({ context: NO_BUNDLING });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    new VigilStack(app, 'Vigil');
    // WHEN / THEN
    expect(() => app.synth()).not.toThrow();
  });

  it('fails the synth on a finding nobody acknowledged', () => {
    // GIVEN a stack with a queue that has no DLQ and no acknowledgement
    const app = new App({ context: NO_BUNDLING });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    new Queue(new Stack(app, 'Bad'), 'Orphan');
    // WHEN / THEN
    expect(() => app.synth()).toThrow();
  });
});
