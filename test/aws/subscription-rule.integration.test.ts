import { DescribeRuleCommand, type EventBridgeClient, PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { narrowDispatchRule } from '#lib/aws/subscription-rule.ts';
import { dispatchRuleAdapters } from '#lib/aws/subscription-rule-adapters.ts';
import { DynamoSubscriptionStore } from '#lib/aws/subscription-store.ts';
import { catchAllDispatchPattern } from '#lib/core/subscriptions/dispatch-rule.ts';
import { type Subscription, subscriptionRequestSchema } from '#lib/core/subscriptions/subscription.ts';
import type { LocalEventBus } from '#lib/local/eventbridge/bus.ts';
import { DeadLetterStore } from '#lib/local/eventbridge/dead-letters.ts';
import { TargetDelivery } from '#lib/local/eventbridge/delivery.ts';
import type { LocalEventBridgeServer } from '#lib/local/eventbridge/server.ts';
import { LOCAL_REGION } from '#lib/local/local-account.ts';
import type { InvokeResult, LocalRule } from '#lib/local/topology.ts';
import { serveTestBus } from '#test/support/local-bus.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';

const ACCOUNT = '000000000000';
const RULE_ARN = `arn:aws:events:${LOCAL_REGION}:${ACCOUNT}:rule/vigil/Vigil-DispatchRule`;
const DISPATCH_RULE: LocalRule = {
  logicalId: 'DispatchRule',
  name: 'Vigil-DispatchRule',
  arn: RULE_ARN,
  busName: 'vigil',
  description: 'to dispatch',
  eventPattern: catchAllDispatchPattern(),
  enabled: true,
  targets: [
    {
      id: 'Target0',
      arn: `arn:aws:lambda:${LOCAL_REGION}:${ACCOUNT}:function:dispatch`,
      kind: 'lambda',
      resourceId: 'Dispatch',
      retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
    },
  ],
};

const silent = { debug() {}, info() {}, warn() {}, error() {} };
let tables: TestTables;
let server: LocalEventBridgeServer;
let delivery: TargetDelivery;
let eventBridge: EventBridgeClient;
let store: DynamoSubscriptionStore;
let invoked: string[];
let bus: LocalEventBus;

beforeAll(async () => {
  tables = await createTestTables();
  store = new DynamoSubscriptionStore({ tableName: tables.subscriptions, client: tables.client });
});

afterEach(async () => {
  eventBridge.destroy();
  delivery.close();
  await server.close();
});

beforeEach(async () => {
  for (const s of await store.list()) await store.delete(s.subscription.name);
  invoked = [];
  const invoker = {
    invoke: async (_fn: string, event: unknown): Promise<InvokeResult> => {
      invoked.push((event as { 'detail-type': string })['detail-type']);
      return { ok: true, payload: null, durationMs: 1, coldStart: false, requestId: 'r' };
    },
  };
  const deadLetters = new DeadLetterStore(undefined);
  delivery = new TargetDelivery({ invoker, deadLetters, outputDir: undefined, retryBaseMs: 1 });
  ({
    bus,
    server,
    client: eventBridge,
  } = await serveTestBus({
    buses: [
      { logicalId: 'Bus', name: 'vigil', arn: `arn:aws:events:${LOCAL_REGION}:${ACCOUNT}:event-bus/vigil` },
    ],
    rules: [DISPATCH_RULE],
    region: LOCAL_REGION,
    accountId: ACCOUNT,
    delivery,
    deadLetters,
  }));
});

afterAll(() => {
  tables.client.destroy();
});

function adapters(subscriptions: Pick<DynamoSubscriptionStore, 'list'> = store) {
  return dispatchRuleAdapters({
    ruleArn: RULE_ARN,
    tableName: tables.subscriptions,
    dynamodb: tables.client,
    eventBridge,
    subscriptions,
    log: silent,
  });
}

function subscription(name: string, types: string[]): Subscription {
  const request = subscriptionRequestSchema.parse({
    name,
    match: { types },
    target: { url: 'https://hooks.example.com/x' },
  });
  return { ...request, createdAt: 'now', updatedAt: 'now', version: 1 };
}

/** What an admin write does: the subscription, then the generation bump, then a narrowing. */
async function create(name: string, types: string[], ports = adapters()) {
  expect(await store.put({ subscription: subscription(name, types), secrets: [] }, 'create')).toBe(true);
  await ports.bump();
  return narrowDispatchRule(ports.ports, `created ${name}`);
}

async function rulePattern(): Promise<string> {
  const rule = await eventBridge.send(
    new DescribeRuleCommand({ Name: 'Vigil-DispatchRule', EventBusName: 'vigil' }),
  );
  return rule.EventPattern ?? '';
}

async function publish(types: string[]): Promise<string[]> {
  invoked = [];
  bus.putEvents(
    types.map((type) => ({
      EventBusName: 'vigil',
      Source: 'vigil.ingest',
      DetailType: type,
      Detail: '{"severity":"INFO"}',
    })),
  );
  await delivery.idle();
  return invoked;
}

describe('Function: narrowDispatchRule (DynamoDB Local, local EventBridge)', () => {
  it('narrows the rule to a new subscription, keeps description and state, and routes with it at once', async () => {
    // Act
    const outcome = await create('disk', ['disk.full']);

    // Assess
    expect(outcome).toMatchObject({ converged: true, narrowed: true, changed: true });
    expect(await rulePattern()).toContain('disk.full');
    expect(await publish(['disk.full', 'cpu.busy'])).toEqual(['disk.full']);
    const rule = await eventBridge.send(
      new DescribeRuleCommand({ Name: 'Vigil-DispatchRule', EventBusName: 'vigil' }),
    );
    expect(rule).toMatchObject({ Description: 'to dispatch', State: 'ENABLED' });
  });

  it('makes no PutRule when the rule already has the pattern', async () => {
    // Prepare
    await create('disk', ['disk.full']);

    // Act
    const again = await narrowDispatchRule(adapters().ports, 'schedule');

    // Assess
    expect(again).toMatchObject({ converged: true, rounds: 1, changed: false });
  });

  it('narrows back after a delete', async () => {
    // Prepare
    await create('disk', ['disk.full']);
    await create('cpu', ['cpu.busy']);

    // Act
    await store.delete('disk');
    const ports = adapters();
    await ports.bump();
    await narrowDispatchRule(ports.ports, 'deleted disk');

    // Assess
    expect(await rulePattern()).not.toContain('disk.full');
    expect(await publish(['disk.full', 'cpu.busy'])).toEqual(['cpu.busy']);
  });

  it('heals a rule a deploy reset to the catch-all', async () => {
    // Prepare
    await create('disk', ['disk.full']);
    await eventBridge.send(
      new PutRuleCommand({
        Name: 'Vigil-DispatchRule',
        EventBusName: 'vigil',
        EventPattern: JSON.stringify(catchAllDispatchPattern()),
        Description: 'to dispatch',
      }),
    );

    // Act
    const healed = await narrowDispatchRule(adapters().ports, 'schedule');

    // Assess
    expect(healed.changed).toBe(true);
    expect(await publish(['cpu.busy'])).toEqual([]);
  });

  it('converges when a write lands between reading the subscriptions and putting the rule', async () => {
    // Prepare: A reads the list, then B creates and narrows completely, then A puts its stale pattern.
    let interleaved = false;
    const slow = {
      list: async (options?: { consistent?: boolean }) => {
        const stale = await store.list(options);
        if (!interleaved) {
          interleaved = true;
          await create('b', ['b.happened']);
        }
        return stale;
      },
    };

    // Act
    const outcome = await create('a', ['a.happened'], adapters(slow));

    // Assess: A saw the generation move, went round again, and the rule has both.
    expect(outcome).toMatchObject({ converged: true, rounds: 2 });
    expect(await publish(['a.happened', 'b.happened', 'c.happened'])).toEqual(['a.happened', 'b.happened']);
  });

  it('leaves every one of many concurrent creates in the rule', async () => {
    // Act
    const names = Array.from({ length: 8 }, (_, i) => `s${i}`);
    await Promise.all(names.map((name) => create(name, [`${name}.happened`])));

    // Assess
    const pattern = await rulePattern();
    for (const name of names) expect(pattern).toContain(`${name}.happened`);
  });
});
