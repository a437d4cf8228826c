import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProducerIdentity } from '#lib/core/producer-keys.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';
import { apiEvent, event, parseBody, recordingBus, testIngest } from '../support/ingest.ts';

let tables: TestTables;

beforeAll(async () => {
  tables = await createTestTables();
});

const PUMPS: ProducerIdentity = { producer: 'pumps', sources: ['sensor.*'], modules: ['pump-*'] };

function stateEvent(type: string, module: string) {
  return event({ type: `state.${type}`, module, dedupKey: `${type}-${module}-${Math.random()}` });
}

describe('Function: ingest, module scopes of producer keys', () => {
  let bus: ReturnType<typeof recordingBus>;

  beforeEach(() => {
    bus = recordingBus();
    return () => bus.mock.restore();
  });

  it('accepts a state event for a module in the key scope', async () => {
    // Act
    const response = await testIngest(tables).handler(
      apiEvent(JSON.stringify(stateEvent('TASK_START', 'pump-7')), { identity: PUMPS }),
    );

    // Assess
    expect(response.statusCode).toBe(202);
    expect(bus.envelopes()).toContainEqual(expect.objectContaining({ module: 'pump-7' }));
  });

  it('answers 403 naming the module for one state event outside the scope, and publishes nothing', async () => {
    // Act
    const response = await testIngest(tables).handler(
      apiEvent(JSON.stringify(stateEvent('TASK_START', 'press-1')), { identity: PUMPS }),
    );

    // Assess
    expect(response.statusCode).toBe(403);
    expect(parseBody(response).error).toEqual({
      code: 'MODULE_NOT_ALLOWED',
      field: 'module',
      message: "module: producer 'pumps' may not drive module 'press-1'",
    });
    expect(bus.entries).toHaveLength(0);
  });

  it('answers 403 for EMERGENCY_STOP from a key without commands, even in scope', async () => {
    // Act
    const response = await testIngest(tables).handler(
      apiEvent(JSON.stringify(stateEvent('EMERGENCY_STOP', 'pump-7')), { identity: PUMPS }),
    );

    // Assess
    expect(response.statusCode).toBe(403);
    expect(parseBody(response).error).toMatchObject({ code: 'COMMAND_NOT_ALLOWED', field: 'type' });
    expect(bus.entries).toHaveLength(0);
  });

  it('accepts EMERGENCY_STOP from a key that allows commands', async () => {
    // Act
    const response = await testIngest(tables).handler(
      apiEvent(JSON.stringify(stateEvent('EMERGENCY_STOP', 'pump-7')), {
        identity: { ...PUMPS, commands: true },
      }),
    );

    // Assess
    expect(response.statusCode).toBe(202);
  });

  it('rejects only the out-of-scope items of a batch (207)', async () => {
    // Prepare
    const events = [
      stateEvent('TASK_START', 'pump-1'),
      stateEvent('TASK_START', 'press-1'),
      stateEvent('INTERRUPT', 'pump-1'),
      event({ dedupKey: `plain-${Math.random()}` }),
    ];

    // Act
    const response = await testIngest(tables).handler(
      apiEvent(JSON.stringify({ events }), { identity: PUMPS }),
    );

    // Assess
    const body = parseBody(response);
    expect(response.statusCode).toBe(207);
    expect(body.results.map((r: { status: string }) => r.status)).toEqual([
      'accepted',
      'rejected',
      'rejected',
      'accepted',
    ]);
    expect(body.results[1].error.code).toBe('MODULE_NOT_ALLOWED');
    expect(body.results[2].error.code).toBe('COMMAND_NOT_ALLOWED');
  });
});
