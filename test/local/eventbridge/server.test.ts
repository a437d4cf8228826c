import {
  DescribeRuleCommand,
  type EventBridgeClient,
  ListRulesCommand,
  PutEventsCommand,
  type PutEventsRequestEntry,
  PutRuleCommand,
  type RuleState,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DeadLetter, DeadLetterStore } from '#lib/local/eventbridge/dead-letters.ts';
import { TargetDelivery } from '#lib/local/eventbridge/delivery.ts';
import type { LocalEventBridgeServer } from '#lib/local/eventbridge/server.ts';
import type { InvokeResult, Invoker, LocalBus, LocalRule } from '#lib/local/topology.ts';
import { serveTestBus } from '#test/support/local-bus.ts';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const DLQ_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:Vigil-TargetDlq`;

/** Test double of the function runtime: records each event; a function listed in `failing` answers an error. */
class ScriptedInvoker implements Invoker {
  readonly calls: { functionRef: string; event: Record<string, unknown> }[] = [];
  readonly failing = new Set<string>();

  eventsFor(functionRef: string): Record<string, unknown>[] {
    return this.calls.filter((call) => call.functionRef === functionRef).map((call) => call.event);
  }

  async invoke(functionRef: string, event: unknown): Promise<InvokeResult> {
    this.calls.push({ functionRef, event: event as Record<string, unknown> });
    const base = { durationMs: 1, coldStart: false, requestId: `request-${this.calls.length}` };
    if (this.failing.has(functionRef))
      return { ok: false, error: { errorType: 'Error', errorMessage: 'consumer is down' }, ...base };
    return { ok: true, payload: null, ...base };
  }
}

const BUS: LocalBus = {
  logicalId: 'Bus',
  name: 'vigil',
  arn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/vigil`,
};

function rule(
  name: string,
  eventPattern: Record<string, unknown>,
  functionId: string,
  description?: string,
): LocalRule {
  return {
    logicalId: name,
    name: `Vigil-${name}`,
    arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/vigil/Vigil-${name}`,
    busName: 'vigil',
    eventPattern,
    enabled: true,
    ...(description ? { description } : {}),
    targets: [
      {
        id: 'Target0',
        arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:Vigil-${functionId}`,
        kind: 'lambda',
        resourceId: functionId,
        retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
        deadLetterArn: DLQ_ARN,
      },
    ],
  };
}

const RULES: readonly LocalRule[] = [
  rule('SignalsRule', { source: ['vigil.ingest'] }, 'SignalsFunction', 'Every ingested signal'),
  rule('AlertsRule', { source: ['vigil.alerts'], 'detail-type': ['Alert Raised'] }, 'AlertsFunction'),
];

const SAMPLE_EVENT = {
  id: 'e0a1b2c3-0000-4000-8000-000000000000',
  account: ACCOUNT,
  source: 'vigil.alerts',
  time: '2026-03-14T09:26:53Z',
  region: REGION,
  resources: [],
  'detail-type': 'Alert Raised',
  detail: { level: 3 },
};

let invoker: ScriptedInvoker;
let delivery: TargetDelivery;
let server: LocalEventBridgeServer;
let client: EventBridgeClient;

beforeEach(async () => {
  invoker = new ScriptedInvoker();
  const deadLetters = new DeadLetterStore(undefined);
  delivery = new TargetDelivery({ invoker, deadLetters, outputDir: undefined, retryBaseMs: 1 });
  ({ server, client } = await serveTestBus({
    buses: [BUS],
    rules: RULES,
    region: REGION,
    accountId: ACCOUNT,
    delivery,
    deadLetters,
  }));
});

afterEach(async () => {
  client.destroy();
  delivery.close();
  await server.close();
});

function entry(extra: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry {
  return {
    EventBusName: 'vigil',
    Source: 'vigil.ingest',
    DetailType: 'Signal Received',
    Detail: JSON.stringify({ id: 'sig-1' }),
    ...extra,
  };
}

async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).name;
  }
  throw new Error('expected the request to fail');
}

async function deadLetters(): Promise<DeadLetter[]> {
  const response = await fetch(`${server.endpoint}/_vigil/dead-letters`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { deadLetters: DeadLetter[] }).deadLetters;
}

describe('Function: startLocalEventBridge', () => {
  describe('PutEvents', () => {
    it('answers each entry in order and counts the failed ones', async () => {
      // Prepare
      const entries = [
        entry(),
        entry({ Source: 'aws.ec2' }),
        entry({ Source: 'vigil.alerts', DetailType: 'Alert Raised' }),
        entry({ Detail: '[1,2]' }),
        entry({ Detail: undefined }),
        entry({ EventBusName: 'nowhere' }),
        entry({ EventBusName: BUS.arn, Source: 'vigil.other' }),
      ];

      // Act
      const result = await client.send(new PutEventsCommand({ Entries: entries }));

      // Assess
      expect(result.FailedEntryCount).toBe(4);
      expect(result.Entries).toEqual([
        { EventId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
        { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: expect.any(String) },
        { EventId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
        { ErrorCode: 'MalformedDetail', ErrorMessage: expect.any(String) },
        { ErrorCode: 'InvalidArgument', ErrorMessage: expect.any(String) },
        { ErrorCode: 'InvalidArgument', ErrorMessage: expect.stringContaining('nowhere') },
        { EventId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      ]);
    });

    it('invokes the targets of the rules an event matches, and only those', async () => {
      // Prepare
      const entries = [
        entry({ Detail: JSON.stringify({ id: 'sig-1' }) }),
        entry({ Source: 'vigil.alerts', DetailType: 'Alert Raised', Detail: JSON.stringify({ level: 3 }) }),
        entry({ Source: 'vigil.alerts', DetailType: 'Alert Cleared' }),
        entry({ Source: 'vigil.other' }),
        entry({ EventBusName: undefined }),
      ];

      // Act
      const result = await client.send(new PutEventsCommand({ Entries: entries }));
      await delivery.idle();

      // Assess
      expect(result.FailedEntryCount).toBe(0);
      expect(invoker.calls).toHaveLength(2);
      expect(invoker.eventsFor('SignalsFunction')).toEqual([
        expect.objectContaining({
          id: result.Entries?.[0]?.EventId,
          source: 'vigil.ingest',
          'detail-type': 'Signal Received',
          account: ACCOUNT,
          region: REGION,
          detail: { id: 'sig-1' },
        }),
      ]);
      expect(invoker.eventsFor('AlertsFunction')).toEqual([
        expect.objectContaining({ id: result.Entries?.[1]?.EventId, detail: { level: 3 } }),
      ]);
    });

    it('carries the SDK Time over as the event time, to the second', async () => {
      // Prepare
      const time = new Date('2026-01-02T03:04:05.678Z');

      // Act
      await client.send(new PutEventsCommand({ Entries: [entry({ Time: time })] }));
      await delivery.idle();

      // Assess
      expect(invoker.eventsFor('SignalsFunction')).toEqual([
        expect.objectContaining({ time: '2026-01-02T03:04:05Z' }),
      ]);
    });

    it.each([11, 0])('rejects %i entries with ValidationException', async (count) => {
      // Prepare
      const entries = Array.from({ length: count }, () => entry());

      // Act
      const name = await errorName(client.send(new PutEventsCommand({ Entries: entries })));
      await delivery.idle();

      // Assess
      expect(name).toBe('ValidationException');
      expect(invoker.calls).toEqual([]);
    });
  });

  describe('TestEventPattern', () => {
    it.each([
      ['matches', { source: ['vigil.alerts'], detail: { level: [{ numeric: ['>=', 3] }] } }, true],
      ['does not match', { source: ['vigil.ingest'] }, false],
    ])('answers whether the event %s', async (_case, pattern, expected) => {
      // Prepare
      const input = { EventPattern: JSON.stringify(pattern), Event: JSON.stringify(SAMPLE_EVENT) };

      // Act
      const result = await client.send(new TestEventPatternCommand(input));

      // Assess
      expect(result.Result).toBe(expected);
    });

    it('fails an invalid pattern with InvalidEventPatternException', async () => {
      // Prepare
      const input = {
        EventPattern: JSON.stringify({ source: 'vigil.alerts' }),
        Event: JSON.stringify(SAMPLE_EVENT),
      };

      // Act
      const name = await errorName(client.send(new TestEventPatternCommand(input)));

      // Assess
      expect(name).toBe('InvalidEventPatternException');
    });
  });

  describe('ListRules and DescribeRule', () => {
    it('lists the rules of a bus', async () => {
      // Prepare
      const input = { EventBusName: 'vigil' };

      // Act
      const result = await client.send(new ListRulesCommand(input));

      // Assess
      expect(result.Rules?.map((r) => r.Name)).toEqual(['Vigil-SignalsRule', 'Vigil-AlertsRule']);
    });

    it('lists only the rules whose name starts with NamePrefix', async () => {
      // Prepare
      const input = { EventBusName: 'vigil', NamePrefix: 'Vigil-Alerts' };

      // Act
      const result = await client.send(new ListRulesCommand(input));

      // Assess
      expect(result.Rules).toEqual([
        {
          Name: 'Vigil-AlertsRule',
          Arn: RULES[1]?.arn,
          EventPattern: JSON.stringify(RULES[1]?.eventPattern),
          State: 'ENABLED',
          EventBusName: 'vigil',
        },
      ]);
    });

    it('describes a rule', async () => {
      // Prepare
      const input = { Name: 'Vigil-SignalsRule', EventBusName: 'vigil' };

      // Act
      const result = await client.send(new DescribeRuleCommand(input));

      // Assess
      expect(result).toMatchObject({
        Name: 'Vigil-SignalsRule',
        Arn: RULES[0]?.arn,
        State: 'ENABLED',
        EventBusName: 'vigil',
        Description: 'Every ingested signal',
      });
      expect(JSON.parse(result.EventPattern ?? '')).toEqual({ source: ['vigil.ingest'] });
    });

    it('fails an unknown rule with ResourceNotFoundException', async () => {
      // Prepare
      const input = { Name: 'Vigil-NoSuchRule', EventBusName: 'vigil' };

      // Act
      const name = await errorName(client.send(new DescribeRuleCommand(input)));

      // Assess
      expect(name).toBe('ResourceNotFoundException');
    });
  });

  describe('PutRule', () => {
    const signals = { Name: 'Vigil-SignalsRule', EventBusName: 'vigil', Description: 'Narrowed' };

    it('routes with the new pattern from the next event on, targets untouched', async () => {
      // Prepare
      const pattern = { source: ['vigil.ingest'], 'detail-type': ['Signal Kept'] };

      // Act
      const result = await client.send(
        new PutRuleCommand({ ...signals, EventPattern: JSON.stringify(pattern) }),
      );
      await client.send(new PutEventsCommand({ Entries: [entry(), entry({ DetailType: 'Signal Kept' })] }));
      await delivery.idle();

      // Assess
      expect(result.RuleArn).toBe(RULES[0]?.arn);
      expect(invoker.eventsFor('SignalsFunction').map((e) => e['detail-type'])).toEqual(['Signal Kept']);
      const described = await client.send(new DescribeRuleCommand(signals));
      expect(described).toMatchObject({ State: 'ENABLED', Description: 'Narrowed' });
      expect(JSON.parse(described.EventPattern ?? '')).toEqual(pattern);
    });

    it('disables a rule when asked, as EventBridge does', async () => {
      // Act
      await client.send(
        new PutRuleCommand({ ...signals, EventPattern: '{"source":["vigil.ingest"]}', State: 'DISABLED' }),
      );
      await client.send(new PutEventsCommand({ Entries: [entry()] }));
      await delivery.idle();

      // Assess
      expect(invoker.eventsFor('SignalsFunction')).toEqual([]);
    });

    it('fails an invalid pattern with InvalidEventPatternException and keeps the rule', async () => {
      // Act
      const name = await errorName(
        client.send(new PutRuleCommand({ ...signals, EventPattern: '{"source":"vigil.ingest"}' })),
      );

      // Assess
      expect(name).toBe('InvalidEventPatternException');
      const described = await client.send(new DescribeRuleCommand(signals));
      expect(JSON.parse(described.EventPattern ?? '')).toEqual({ source: ['vigil.ingest'] });
    });

    it.each([
      ['a rule the template does not have', { Name: 'Vigil-NewRule' }, 'ResourceNotFoundException'],
      ['a rule moved to another bus', { EventBusName: 'default' }, 'ResourceNotFoundException'],
      ['a schedule added to a pattern rule', { ScheduleExpression: 'rate(1 minute)' }, 'ValidationException'],
      ['an unknown state', { State: 'PAUSED' as RuleState }, 'ValidationException'],
    ])('refuses %s', async (_case, change, expected) => {
      // Act
      const name = await errorName(
        client.send(new PutRuleCommand({ ...signals, EventPattern: '{"source":["x"]}', ...change })),
      );

      // Assess
      expect(name).toBe(expected);
    });

    it('refuses a rule without a pattern or a schedule', async () => {
      // Act
      const name = await errorName(client.send(new PutRuleCommand(signals)));

      // Assess
      expect(name).toBe('ValidationException');
    });
  });

  describe('/_vigil/dead-letters', () => {
    it('lists the dead letters of failed deliveries', async () => {
      // Prepare
      invoker.failing.add('AlertsFunction');
      await client.send(
        new PutEventsCommand({ Entries: [entry({ Source: 'vigil.alerts', DetailType: 'Alert Raised' })] }),
      );
      await delivery.idle();

      // Act
      const letters = await deadLetters();

      // Assess
      expect(letters).toEqual([
        expect.objectContaining({
          queueArn: DLQ_ARN,
          ruleArn: RULES[1]?.arn,
          targetArn: RULES[1]?.targets[0]?.arn,
          errorCode: 'Error',
          exhaustedRetryCondition: 'MaximumRetryAttempts',
          retryAttempts: 0,
          event: expect.objectContaining({ source: 'vigil.alerts' }),
        }),
      ]);
    });

    it('redrives the dead letters asked for to the target that failed them', async () => {
      // Prepare
      invoker.failing.add('AlertsFunction');
      invoker.failing.add('SignalsFunction');
      await client.send(
        new PutEventsCommand({
          Entries: [entry(), entry({ Source: 'vigil.alerts', DetailType: 'Alert Raised' })],
        }),
      );
      await delivery.idle();
      const [first, second] = await deadLetters();
      invoker.failing.clear();
      invoker.calls.length = 0;

      // Act
      const response = await fetch(`${server.endpoint}/_vigil/dead-letters`, {
        method: 'POST',
        body: JSON.stringify({ ids: [second?.id] }),
      });
      await delivery.idle();

      // Assess
      expect(await response.json()).toEqual({ redriven: 1, unknownTarget: 0 });
      expect(invoker.calls).toEqual([{ functionRef: 'AlertsFunction', event: second?.event }]);
      expect((await deadLetters()).map((l) => l.id)).toEqual([first?.id]);
    });

    it('redrives every dead letter when no ids are given', async () => {
      // Prepare
      invoker.failing.add('SignalsFunction');
      await client.send(new PutEventsCommand({ Entries: [entry(), entry()] }));
      await delivery.idle();
      invoker.failing.clear();
      invoker.calls.length = 0;

      // Act
      const response = await fetch(`${server.endpoint}/_vigil/dead-letters`, { method: 'POST' });
      await delivery.idle();

      // Assess
      expect(await response.json()).toEqual({ redriven: 2, unknownTarget: 0 });
      expect(invoker.eventsFor('SignalsFunction')).toHaveLength(2);
      expect(await deadLetters()).toEqual([]);
    });
  });

  it('fails an operation it does not speak with UnknownOperationException', async () => {
    // Prepare
    const request = {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSEvents.CreateArchive', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    };

    // Act
    const response = await fetch(server.endpoint, request);

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(response.headers.get('transfer-encoding')).toBeNull();
    expect(Number(response.headers.get('content-length'))).toBe((await response.arrayBuffer()).byteLength);
  });
});
