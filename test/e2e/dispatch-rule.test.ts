import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeRuleCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRequest } from '#lib/local/admin-request.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#lib/local/local-account.ts';
import type { RunningVigil } from '#lib/local/start-vigil.ts';
import { startE2eRuntime } from './support/assembly.ts';
import { type Receiver, startReceiver } from './support/receiver.ts';

// A runtime of its own: the dispatch function's invocations are counted, so no other test may publish.
let vigil: RunningVigil;
let stateDir: string;
let eventBridge: EventBridgeClient;
let receiver: Receiver;

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(tmpdir(), 'vigil-dispatch-rule-'));
  vigil = await startE2eRuntime(stateDir);
  eventBridge = new EventBridgeClient({
    endpoint: vigil.info.eventBridgeEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  receiver = await startReceiver();
}, 120_000);

afterAll(async () => {
  eventBridge?.destroy();
  await receiver?.close();
  await vigil?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

const SOURCE = 'e2e.narrow';

function dispatchRule() {
  const rule = vigil.topology.rules.find((r) => r.logicalId.startsWith('SubscriptionsDispatchRule'));
  if (!rule) throw new Error('no dispatch rule in the template');
  return rule;
}

async function rulePattern(): Promise<Record<string, unknown>> {
  const { name, busName } = dispatchRule();
  const rule = await eventBridge.send(new DescribeRuleCommand({ Name: name, EventBusName: busName }));
  return JSON.parse(rule.EventPattern ?? '{}');
}

function admin(method: string, pathname: string, body?: unknown) {
  return adminRequest(vigil.config, method, pathname, body);
}

async function subscribe(name: string, types: string[]) {
  const answer = await admin('POST', '/subscriptions', {
    name,
    match: { sources: [SOURCE], types },
    target: { url: receiver.url },
  });
  expect(answer.status).toBe(201);
}

/** Dispatch invocations the runtime made while `types` were ingested (INFO: no alerts) and routed. */
async function dispatchInvocations(types: string[]): Promise<number> {
  const dispatch = vigil.topology.functions.find((f) => f.logicalId.startsWith('SubscriptionsDispatch'));
  const count = () => vigil.lambda.stats()[dispatch?.name ?? '']?.invocations ?? 0;
  const before = count();
  for (const type of types) {
    const response = await fetch(`${vigil.config.endpoint}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${vigil.config.producerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ source: SOURCE, type }),
    });
    expect(response.status).toBe(202);
  }
  // Accepted means on the bus: every delivery it started is settled once the bus is idle.
  await vigil.delivery.idle();
  return count() - before;
}

describe('The dispatch rule over the local runtime', { timeout: 120_000 }, () => {
  it('starts as the template wrote it: every event reaches dispatch', async () => {
    // Act + Assess
    expect(await rulePattern()).toEqual({ source: ['vigil.ingest', 'vigil.alerts', 'vigil.state'] });
    expect(await dispatchInvocations(['miss'])).toBe(1);
  });

  it('narrows on a subscription: an event it matches still delivers, one it does not skips dispatch', async () => {
    // Act
    await subscribe('narrow-hit', ['hit']);

    // Assess
    expect(JSON.stringify(await rulePattern())).toContain('"hit"');
    expect(await dispatchInvocations(['miss', 'hit', 'miss'])).toBe(1);
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(1);
    expect(JSON.parse(receiver.received[0]?.body ?? '{}').event['detail-type']).toBe('hit');
  });

  it('narrows back on delete: only alert resolutions are left', async () => {
    // Act
    expect((await admin('DELETE', '/subscriptions/narrow-hit')).status).toBe(200);

    // Assess
    expect(await rulePattern()).toEqual({ source: ['vigil.alerts'], 'detail-type': ['alert.resolved'] });
    expect(await dispatchInvocations(['hit'])).toBe(0);
  });

  it('keeps every one of concurrent creates in the rule', async () => {
    // Act
    const types = Array.from({ length: 6 }, (_, i) => `together.${i}`);
    await Promise.all(types.map((type) => subscribe(`narrow-${type.replace('.', '-')}`, [type])));

    // Assess
    const pattern = JSON.stringify(await rulePattern());
    for (const type of types) expect(pattern).toContain(`"${type}"`);
    expect(await dispatchInvocations([...types, 'miss'])).toBe(types.length);
  });
});
