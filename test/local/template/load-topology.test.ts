import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ROUTES, REPLAY_ROUTES, SUBSCRIPTION_ROUTES } from '#infra/constructs/http-api.ts';
import { synthTemplateWithoutBundling } from '#infra/synth.ts';
import { type LoadOptions, loadTopology } from '#lib/local/template/load-topology.ts';
import type { TemplateResource } from '#lib/local/template/physical-ids.ts';
import type { LocalFunction, LocalRule, Topology } from '#lib/local/topology.ts';

type Resources = Record<string, TemplateResource>;

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const ASSEMBLY_DIR = path.resolve('/tmp/vigil-assembly');
const OPTIONS: LoadOptions = {
  stackName: 'Vigil',
  assemblyDir: ASSEMBLY_DIR,
  region: REGION,
  accountId: ACCOUNT,
};

/**
 * The in-process synth skips bundling and asset metadata; `cdk synth` records each function's
 * staged asset folder as `aws:asset:path` = `asset.<hash of its S3Key>`. Adds that, as the CLI does.
 */
function withAssetMetadata(resources: Resources): Resources {
  return Object.fromEntries(
    Object.entries(resources).map(([logicalId, resource]) => {
      if (resource.Type !== 'AWS::Lambda::Function') return [logicalId, resource];
      const s3Key = String((resource.Properties?.Code as { S3Key?: unknown } | undefined)?.S3Key);
      const assetPath = `asset.${s3Key.replace(/\.zip$/, '')}`;
      return [logicalId, { ...resource, Metadata: { ...resource.Metadata, 'aws:asset:path': assetPath } }];
    }),
  );
}

describe('Function: loadTopology', () => {
  describe('the synthesized Vigil stack', () => {
    let bare: Resources;
    let resources: Resources;
    let topology: Topology;

    /** The logical id CDK derived from a construct path (the hash suffix changes with the path). */
    const idOf = (prefix: string): string => {
      const ids = Object.keys(resources).filter((id) => new RegExp(`^${prefix}[0-9A-F]{8}$`).test(id));
      if (ids.length !== 1) throw new Error(`expected one resource ${prefix}*, found ${ids.join(', ')}`);
      return ids[0] as string;
    };
    const fn = (prefix: string): LocalFunction => {
      const found = topology.functions.find((f) => f.logicalId === idOf(prefix));
      if (!found) throw new Error(`function ${prefix} not loaded`);
      return found;
    };
    const auditRule = (): LocalRule => {
      const found = topology.rules.find((r) => r.logicalId === idOf('EventBusAuditRule'));
      if (!found) throw new Error('audit rule not loaded');
      return found;
    };

    beforeAll(() => {
      bare = synthTemplateWithoutBundling().Resources as Resources;
      resources = withAssetMetadata(bare);
      topology = loadTopology({ Resources: resources }, OPTIONS);
    });

    it('carries the stack name, region and account', () => {
      // Prepare: the topology loaded once

      // Act
      const { stackName, region, accountId } = topology;

      // Assess
      expect({ stackName, region, accountId }).toEqual({
        stackName: 'Vigil',
        region: REGION,
        accountId: ACCOUNT,
      });
    });

    it.each([
      [
        'EventStoreHistory',
        [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        'expiresAt',
      ],
      ['EventStoreDedup', [{ AttributeName: 'pk', KeyType: 'HASH' }], 'expiresAt'],
      ['ProducerAuthProducerKeys', [{ AttributeName: 'pk', KeyType: 'HASH' }], undefined],
    ])('loads the %s table with its name, keys and TTL attribute', (prefix, keySchema, ttlAttribute) => {
      // Prepare
      const logicalId = idOf(prefix);

      // Act
      const table = topology.tables.find((t) => t.logicalId === logicalId);

      // Assess
      expect(table).toBeDefined();
      expect(table?.name).toBe(`Vigil-${logicalId}`);
      expect(table?.arn).toBe(`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Vigil-${logicalId}`);
      expect(table?.create.TableName).toBe(`Vigil-${logicalId}`);
      expect(table?.create.KeySchema).toEqual(keySchema);
      expect(table?.ttlAttribute).toBe(ttlAttribute);
    });

    it('loads exactly the stack tables', () => {
      // Prepare: the topology loaded once

      // Act
      const names = topology.tables.map((t) => t.logicalId).sort();

      // Assess
      expect(names).toEqual(
        [
          idOf('EventStoreHistory'),
          idOf('EventStoreDedup'),
          idOf('ProducerAuthProducerKeys'),
          idOf('AlertingAlerts'),
          idOf('StateModules'),
          idOf('ReplayReplays'),
          idOf('AnnouncementsOutbox'),
          idOf('SubscriptionsTable'),
        ].sort(),
      );
    });

    it('carries the global secondary indexes and TTL of a table over to the local table', () => {
      // Act
      const alerts = topology.tables.find((t) => t.logicalId === idOf('AlertingAlerts'));

      // Assess
      expect(alerts?.ttlAttribute).toBe('expiresAt');
      expect(alerts?.create.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['byState']);
      expect(alerts?.create.GlobalSecondaryIndexes?.[0]).toMatchObject({
        KeySchema: [
          { AttributeName: 'byStatePk', KeyType: 'HASH' },
          { AttributeName: 'listSk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['state', 'severity', 'source', 'type'] },
      });
    });

    it('loads the ingest function with its resolved environment, timeout and memory', () => {
      // Prepare
      const ingest = fn('IngestFunction');

      // Act
      const { environment } = ingest;

      // Assess
      expect(environment).toMatchObject({
        HISTORY_TABLE_NAME: `Vigil-${idOf('EventStoreHistory')}`,
        DEDUP_TABLE_NAME: `Vigil-${idOf('EventStoreDedup')}`,
        EVENT_BUS_NAME: 'vigil',
        POWERTOOLS_SERVICE_NAME: 'ingest',
      });
      expect(ingest).toMatchObject({
        name: `Vigil-${idOf('IngestFunction')}`,
        arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:Vigil-${idOf('IngestFunction')}`,
        handler: 'index.handler',
        timeoutSeconds: 15,
        memoryMb: 512,
        // The dev stage's logging controls, from the synthesized LoggingConfig.
        logging: { format: 'JSON', applicationLogLevel: 'DEBUG', systemLogLevel: 'INFO' },
      });
    });

    it('loads the authorizer function with the producer keys table name', () => {
      // Prepare
      const authorizer = fn('ProducerAuthAuthorizerFunction');

      // Act
      const { environment } = authorizer;

      // Assess
      expect(environment).toMatchObject({
        PRODUCER_KEYS_TABLE_NAME: `Vigil-${idOf('ProducerAuthProducerKeys')}`,
        POWERTOOLS_SERVICE_NAME: 'authorizer',
      });
      expect(authorizer).toMatchObject({ timeoutSeconds: 5, memoryMb: 256 });
    });

    it('loads the admin function with the dedup table name', () => {
      // Prepare
      const admin = fn('AdminFunction');

      // Act
      const { environment } = admin;

      // Assess
      expect(environment).toMatchObject({
        DEDUP_TABLE_NAME: `Vigil-${idOf('EventStoreDedup')}`,
        POWERTOOLS_SERVICE_NAME: 'admin',
      });
      expect(admin).toMatchObject({ timeoutSeconds: 10, memoryMb: 256 });
    });

    it.each(['IngestFunction', 'ProducerAuthAuthorizerFunction', 'AdminFunction'])(
      'places the code of %s under the given assembly folder',
      (prefix) => {
        // Prepare
        const asset = resources[idOf(prefix)]?.Metadata?.['aws:asset:path'];

        // Act
        const { codeDir } = fn(prefix);

        // Assess
        expect(codeDir).toBe(path.join(ASSEMBLY_DIR, String(asset)));
        expect(path.dirname(codeDir)).toBe(ASSEMBLY_DIR);
      },
    );

    it('resolves every environment value to a string', () => {
      // Prepare: the topology loaded once

      // Act
      const values = topology.functions.flatMap((f) => Object.values(f.environment));

      // Assess
      expect(values.length).toBeGreaterThan(0);
      for (const value of values) expect(typeof value).toBe('string');
    });

    it('loads the vigil bus', () => {
      // Prepare: the topology loaded once

      // Act
      const { buses } = topology;

      // Assess
      expect(buses).toEqual([
        {
          logicalId: idOf('EventBus'),
          name: 'vigil',
          arn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/vigil`,
        },
      ]);
    });

    it('loads the audit rule on the vigil bus with its pattern', () => {
      // Prepare
      const logicalId = idOf('EventBusAuditRule');

      // Act
      const rule = auditRule();

      // Assess
      expect(rule).toMatchObject({
        name: `Vigil-${logicalId}`,
        arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/vigil/Vigil-${logicalId}`,
        busName: 'vigil',
        enabled: true,
        eventPattern: { source: expect.arrayContaining(['vigil.ingest']) },
      });
      expect(rule.description).toEqual(expect.any(String));
    });

    it('targets the audit log group with the retry policy and the dead-letter queue ARN', () => {
      // Prepare
      const logGroupId = idOf('EventBusAuditLog');
      const dlqId = idOf('EventBusTargetDlq');

      // Act
      const targets = auditRule().targets;

      // Assess
      expect(targets).toEqual([
        {
          id: 'Target0',
          arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/vigil-local/Vigil/${logGroupId}`,
          kind: 'logs',
          resourceId: logGroupId,
          retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 7200 },
          deadLetterArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:Vigil-${dlqId}`,
        },
      ]);
      expect(topology.queues.map((q) => q.arn)).toContain(targets[0]?.deadLetterArn);
      expect(topology.logGroups.map((g) => g.logicalId)).toContain(logGroupId);
    });

    it('routes POST /events to ingest behind the producer-key Lambda authorizer', () => {
      // Prepare
      const api = topology.apis[0];

      // Act
      const route = api?.routes.find((r) => r.routeKey === 'POST /events');

      // Assess
      expect(topology.apis).toHaveLength(1);
      expect(route).toMatchObject({ functionId: idOf('IngestFunction'), payloadFormatVersion: '2.0' });
      expect(route?.authorization).toEqual({
        type: 'CUSTOM',
        authorizer: expect.objectContaining({
          functionId: idOf('ProducerAuthAuthorizerFunction'),
          identitySources: ['$request.header.Authorization'],
          enableSimpleResponses: true,
          payloadFormatVersion: '2.0',
          resultTtlSeconds: 20,
        }),
      });
    });

    it('routes the admin paths to admin with IAM authorization', () => {
      // Prepare
      const api = topology.apis[0];

      // Act
      const route = api?.routes.find((r) => r.routeKey === 'GET /bursts');

      // Assess
      expect(route).toMatchObject({ functionId: idOf('AdminFunction'), authorization: { type: 'AWS_IAM' } });
      expect(api?.routes.map((r) => r.routeKey).sort()).toEqual(
        [
          'POST /events',
          ...[...ADMIN_ROUTES, ...REPLAY_ROUTES, ...SUBSCRIPTION_ROUTES].map((r) => `${r.method} ${r.path}`),
        ].sort(),
      );
      expect(
        api?.routes
          .filter((r) => r.routeKey !== 'POST /events')
          .every((r) => r.authorization.type === 'AWS_IAM'),
      ).toBe(true);
    });

    it("takes the throttle from the $default stage's route settings", () => {
      // Prepare
      const api = topology.apis[0];

      // Act
      const throttle = api?.throttle;

      // Assess
      expect(throttle).toEqual({ rateLimit: 2000, burstLimit: 5000 });
      expect(api?.name).toBe('vigil');
    });

    it('lists the custom resource and the function that serves it as unsupported', () => {
      // Prepare
      const custom = Object.entries(resources).find(([, r]) => r.Type.startsWith('Custom::'));
      const token = custom?.[1].Properties?.ServiceToken as { 'Fn::GetAtt': [string, string] } | undefined;
      const handlerId = token?.['Fn::GetAtt'][0];

      // Act
      const listed = topology.unsupported;

      // Assess
      expect(custom).toBeDefined();
      expect(listed).toContainEqual(
        expect.objectContaining({ logicalId: custom?.[0], type: custom?.[1].Type }),
      );
      expect(listed).toContainEqual(
        expect.objectContaining({ logicalId: handlerId, type: 'AWS::Lambda::Function' }),
      );
      expect(topology.functions.map((f) => f.logicalId)).not.toContain(handlerId);
    });

    it.each(['AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::Lambda::Permission', 'AWS::SQS::QueuePolicy'])(
      'lists every %s as unsupported',
      (type) => {
        // Prepare
        const ofType = Object.entries(resources)
          .filter(([, r]) => r.Type === type)
          .map(([id]) => id);

        // Act
        const listed = topology.unsupported.filter((u) => u.type === type).map((u) => u.logicalId);

        // Assess
        expect(ofType.length).toBeGreaterThan(0);
        expect(listed.sort()).toEqual(ofType.sort());
      },
    );

    it('lists nothing it brings up as unsupported', () => {
      // Prepare
      const broughtUp = new Set([
        ...topology.tables.map((t) => t.logicalId),
        ...topology.functions.map((f) => f.logicalId),
        ...topology.rules.map((r) => r.logicalId),
        ...topology.apis.flatMap((a) => a.routes.map((r) => r.logicalId)),
      ]);

      // Act
      const overlap = topology.unsupported.filter((u) => broughtUp.has(u.logicalId));

      // Assess
      expect(overlap).toEqual([]);
    });

    it('lists functions without a local asset as unsupported', () => {
      // Prepare: the template as synthesized in-process, without asset metadata

      // Act
      const loaded = loadTopology({ Resources: bare }, OPTIONS);

      // Assess
      expect(loaded.functions).toEqual([]);
      expect(loaded.unsupported).toContainEqual({
        logicalId: idOf('IngestFunction'),
        type: 'AWS::Lambda::Function',
        reason: 'no local asset (inline or image code)',
      });
    });
  });

  describe('hand-written templates', () => {
    const bus: Resources = {
      Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'orders' } },
      Consumer: {
        Type: 'AWS::Lambda::Function',
        Properties: { Handler: 'index.handler', Runtime: 'nodejs22.x' },
        Metadata: { 'aws:asset:path': 'asset.consumer' },
      },
    };
    const consumerArn = { 'Fn::GetAtt': ['Consumer', 'Arn'] };

    function rule(properties: Record<string, unknown>): Resources {
      return {
        ...bus,
        Rule: { Type: 'AWS::Events::Rule', Properties: { EventBusName: { Ref: 'Bus' }, ...properties } },
      };
    }

    it.each([
      ['a string that is not an array', { source: 'orders' }],
      ['an empty array', { source: [] }],
      ['a non-number numeric bound', { detail: { total: [{ numeric: ['>', 'ten'] }] } }],
    ])('lists a rule whose pattern has %s as InvalidEventPatternException', (_case, pattern) => {
      // Prepare
      const resources = rule({ EventPattern: pattern, Targets: [{ Id: 'T', Arn: consumerArn }] });

      // Act
      const topology = loadTopology({ Resources: resources }, OPTIONS);

      // Assess
      expect(topology.rules).toEqual([]);
      expect(topology.unsupported).toEqual([
        {
          logicalId: 'Rule',
          type: 'AWS::Events::Rule',
          reason: expect.stringMatching(/^InvalidEventPatternException: /),
        },
      ]);
    });

    /** A rule on the default bus (no EventBusName), where scheduled rules live. */
    function defaultBusRule(properties: Record<string, unknown>): Resources {
      return { ...bus, Rule: { Type: 'AWS::Events::Rule', Properties: properties } };
    }

    it('loads a scheduled rule on the default bus, with the ARN of a default-bus rule', () => {
      // Prepare
      const resources = defaultBusRule({
        ScheduleExpression: 'rate(5 minutes)',
        Targets: [{ Id: 'T', Arn: consumerArn }],
      });

      // Act
      const topology = loadTopology({ Resources: resources }, OPTIONS);

      // Assess
      expect(topology.unsupported).toEqual([]);
      expect(topology.rules).toEqual([
        expect.objectContaining({
          logicalId: 'Rule',
          name: 'Vigil-Rule',
          arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/Vigil-Rule`,
          busName: 'default',
          scheduleExpression: 'rate(5 minutes)',
          enabled: true,
          targets: [expect.objectContaining({ id: 'T', kind: 'lambda', resourceId: 'Consumer' })],
        }),
      ]);
      expect(topology.rules[0]).not.toHaveProperty('eventPattern');
    });

    it('loads a rule with both a pattern and a schedule', () => {
      // Prepare
      const resources = defaultBusRule({
        EventPattern: { source: ['shop'] },
        ScheduleExpression: 'cron(0 10 * * ? *)',
        Targets: [{ Id: 'T', Arn: consumerArn }],
      });

      // Act
      const topology = loadTopology({ Resources: resources }, OPTIONS);

      // Assess
      expect(topology.rules[0]).toMatchObject({
        eventPattern: { source: ['shop'] },
        scheduleExpression: 'cron(0 10 * * ? *)',
      });
    });

    it.each([
      [
        'on a custom bus',
        rule({ ScheduleExpression: 'rate(5 minutes)' }),
        'ValidationException: ScheduleExpression is supported only on the default event bus.',
      ],
      [
        'with an invalid rate',
        defaultBusRule({ ScheduleExpression: 'rate(5 minute)' }),
        expect.stringMatching(/^ValidationException: Parameter ScheduleExpression is not valid: .*plural/),
      ],
      [
        'with both cron day fields given',
        defaultBusRule({ ScheduleExpression: 'cron(0 10 * * * *)' }),
        expect.stringMatching(/^ValidationException: Parameter ScheduleExpression is not valid: /),
      ],
      [
        'with a cron form EventBridge does not document',
        defaultBusRule({ ScheduleExpression: 'cron(0 10 LW * ? *)' }),
        expect.stringMatching(/^schedule not run locally: "cron\(0 10 LW \* \? \*\)": Day-of-month "LW"/),
      ],
      [
        'with neither a pattern nor a schedule',
        defaultBusRule({ Targets: [] }),
        'ValidationException: a rule needs an EventPattern or a ScheduleExpression',
      ],
    ])('lists a rule %s as not run locally, with the reason', (_case, resources, reason) => {
      // Act
      const topology = loadTopology({ Resources: resources }, OPTIONS);

      // Assess
      expect(topology.rules).toEqual([]);
      expect(topology.unsupported).toEqual([{ logicalId: 'Rule', type: 'AWS::Events::Rule', reason }]);
    });

    it('lists a resource of an unknown type', () => {
      // Prepare
      const resources: Resources = { ...bus, Stream: { Type: 'AWS::Kinesis::Stream', Properties: {} } };

      // Act
      const topology = loadTopology({ Resources: resources }, OPTIONS);

      // Assess
      expect(topology.unsupported).toEqual([
        {
          logicalId: 'Stream',
          type: 'AWS::Kinesis::Stream',
          reason: 'resource type not supported by the local runtime',
        },
      ]);
    });

    it("gives a target without a RetryPolicy EventBridge's defaults (185 attempts, 86400 s)", () => {
      // Prepare
      const resources = rule({
        EventPattern: { source: ['shop'] },
        Targets: [{ Id: 'T', Arn: consumerArn }],
      });

      // Act
      const topology = loadTopology({ Resources: resources }, OPTIONS);

      // Assess
      expect(topology.rules[0]?.targets[0]).toMatchObject({
        id: 'T',
        kind: 'lambda',
        resourceId: 'Consumer',
        arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:Vigil-Consumer`,
        retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 },
      });
      expect(topology.rules[0]?.targets[0]).not.toHaveProperty('deadLetterArn');
      expect(topology.rules[0]?.busName).toBe('orders');
    });

    it('parses an EventPattern given as a JSON string', () => {
      // Prepare
      const resources = rule({
        EventPattern: JSON.stringify({ source: ['shop'] }),
        Targets: [{ Id: 'T', Arn: consumerArn }],
      });

      // Act
      const topology = loadTopology({ Resources: resources }, OPTIONS);

      // Assess
      expect(topology.rules[0]?.eventPattern).toEqual({ source: ['shop'] });
    });

    it('carries Input, InputPath and InputTransformer over to the targets', () => {
      // Prepare
      const resources = rule({
        EventPattern: { source: ['shop'] },
        State: 'DISABLED',
        Targets: [
          { Id: 'Constant', Arn: consumerArn, Input: '{"fixed":true}' },
          { Id: 'Path', Arn: consumerArn, InputPath: '$.detail' },
          {
            Id: 'Transformed',
            Arn: consumerArn,
            InputTransformer: {
              InputPathsMap: { instance: '$.detail.instance-id' },
              InputTemplate: '"instance <instance>"',
            },
          },
          {
            Id: 'TemplateOnly',
            Arn: consumerArn,
            InputTransformer: { InputTemplate: '"<aws.events.rule-name> triggered"' },
          },
        ],
      });

      // Act
      const topology = loadTopology({ Resources: resources }, OPTIONS);

      // Assess
      const [constant, selected, transformed, templateOnly] = topology.rules[0]?.targets ?? [];
      expect(topology.rules[0]?.enabled).toBe(false);
      expect(constant?.input).toBe('{"fixed":true}');
      expect(selected?.inputPath).toBe('$.detail');
      expect(transformed?.inputTransformer).toEqual({
        inputPathsMap: { instance: '$.detail.instance-id' },
        inputTemplate: '"instance <instance>"',
      });
      expect(templateOnly?.inputTransformer).toEqual({
        inputPathsMap: {},
        inputTemplate: '"<aws.events.rule-name> triggered"',
      });
      expect(constant).not.toHaveProperty('inputPath');
      expect(selected).not.toHaveProperty('input');
    });

    it('lists a target that is not a local resource and keeps the rule', () => {
      // Prepare
      const resources = rule({
        EventPattern: { source: ['shop'] },
        Targets: [
          { Id: 'Remote', Arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:elsewhere' },
          { Id: 'Local', Arn: consumerArn },
        ],
      });

      // Act
      const topology = loadTopology({ Resources: resources }, OPTIONS);

      // Assess
      expect(topology.rules[0]?.targets.map((t) => t.id)).toEqual(['Local']);
      expect(topology.unsupported).toEqual([
        expect.objectContaining({ logicalId: 'Rule', type: 'AWS::Events::Rule target' }),
      ]);
    });
  });
});
