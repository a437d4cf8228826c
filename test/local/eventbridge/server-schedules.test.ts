import { DescribeRuleCommand, type EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeadLetterStore } from '#lib/local/eventbridge/dead-letters.ts';
import { TargetDelivery } from '#lib/local/eventbridge/delivery.ts';
import { LocalScheduler } from '#lib/local/eventbridge/scheduler.ts';
import type { LocalEventBridgeServer } from '#lib/local/eventbridge/server.ts';
import type { InvokeResult, Invoker, LocalRule } from '#lib/local/topology.ts';
import { serveTestBus } from '#test/support/local-bus.ts';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

class RecordingInvoker implements Invoker {
  readonly events: unknown[] = [];

  async invoke(_functionRef: string, event: unknown): Promise<InvokeResult> {
    this.events.push(event);
    return { ok: true, payload: null, durationMs: 1, coldStart: false, requestId: 'r' };
  }
}

function scheduledRule(name: string, enabled = true): LocalRule {
  return {
    logicalId: `${name}1A2B3C4D`,
    name: `Vigil-${name}`,
    arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/Vigil-${name}`,
    busName: 'default',
    scheduleExpression: 'cron(0 2 * * ? *)',
    enabled,
    targets: [
      {
        id: 'Target0',
        arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:Vigil-Sweeper`,
        kind: 'lambda',
        resourceId: 'SweeperFunction',
        retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
      },
    ],
  };
}

const RULES = [scheduledRule('Nightly'), scheduledRule('Paused', false)];

let invoker: RecordingInvoker;
let delivery: TargetDelivery;
let scheduler: LocalScheduler;
let server: LocalEventBridgeServer;
let client: EventBridgeClient;

beforeEach(async () => {
  invoker = new RecordingInvoker();
  const deadLetters = new DeadLetterStore(undefined);
  delivery = new TargetDelivery({ invoker, deadLetters, outputDir: undefined });
  scheduler = new LocalScheduler({ rules: RULES, region: REGION, accountId: ACCOUNT, delivery });
  scheduler.start();
  ({ server, client } = await serveTestBus({
    buses: [],
    rules: RULES,
    region: REGION,
    accountId: ACCOUNT,
    delivery,
    deadLetters,
    scheduler,
  }));
});

afterEach(async () => {
  client.destroy();
  scheduler.stop();
  delivery.close();
  await server.close();
});

describe('Function: startLocalEventBridge, scheduled rules', () => {
  it('describes a scheduled rule with its ScheduleExpression and no EventPattern', async () => {
    // Act
    const described = await client.send(new DescribeRuleCommand({ Name: 'Vigil-Nightly' }));
    const listed = await client.send(new ListRulesCommand({ EventBusName: 'default' }));

    // Assess
    expect(described).toMatchObject({
      Name: 'Vigil-Nightly',
      Arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/Vigil-Nightly`,
      ScheduleExpression: 'cron(0 2 * * ? *)',
      State: 'ENABLED',
      EventBusName: 'default',
    });
    expect(described.EventPattern).toBeUndefined();
    expect(listed.Rules?.map((r) => [r.Name, r.State])).toEqual([
      ['Vigil-Nightly', 'ENABLED'],
      ['Vigil-Paused', 'DISABLED'],
    ]);
  });

  it('lists the schedules with their next fire time on GET /_vigil/schedules', async () => {
    // Act
    const response = await fetch(`${server.endpoint}/_vigil/schedules`);

    // Assess
    expect(response.status).toBe(200);
    const { schedules } = (await response.json()) as { schedules: Record<string, unknown>[] };
    expect(schedules).toEqual([
      expect.objectContaining({
        ruleName: 'Vigil-Nightly',
        scheduleExpression: 'cron(0 2 * * ? *)',
        enabled: true,
        nextFireAt: expect.stringMatching(/T02:00:00\.000Z$/),
      }),
      expect.objectContaining({ ruleName: 'Vigil-Paused', enabled: false }),
    ]);
  });

  it('fires a rule now on POST /_vigil/schedules/<rule>/fire and answers the Scheduled Event', async () => {
    // Act
    const response = await fetch(`${server.endpoint}/_vigil/schedules/Vigil-Nightly/fire`, {
      method: 'POST',
    });
    await delivery.idle();

    // Assess
    expect(response.status).toBe(200);
    const { event } = (await response.json()) as { event: Record<string, unknown> };
    expect(event).toMatchObject({
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/Vigil-Nightly`],
      detail: {},
    });
    expect(invoker.events).toEqual([event]);
  });

  it('answers 404 for an unknown rule and 409 for a disabled one', async () => {
    // Act
    const unknown = await fetch(`${server.endpoint}/_vigil/schedules/nope/fire`, { method: 'POST' });
    const disabled = await fetch(`${server.endpoint}/_vigil/schedules/Vigil-Paused/fire`, { method: 'POST' });

    // Assess
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('SCHEDULE_NOT_FOUND');
    expect(disabled.status).toBe(409);
    expect(await disabled.json()).toEqual({
      __type: 'SCHEDULE_DISABLED',
      message: 'Rule Vigil-Paused is DISABLED: a disabled rule does not fire',
    });
    expect(invoker.events).toEqual([]);
  });
});
