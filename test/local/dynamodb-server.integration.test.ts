import { describe, expect, inject, it } from 'vitest';
import { startDynamoDbLocal } from '#lib/local/dynamodb-server.ts';
import { listenersOn } from '../support/listeners.ts';

describe('Function: startDynamoDbLocal', () => {
  it('listens on loopback only, not on every interface', () => {
    // Prepare
    const port = Number(new URL(inject('dynamodbEndpoint')).port);

    // Act
    const listeners = listenersOn(port);

    // Assess
    if (listeners === undefined) return; // no /proc: not Linux
    expect(listeners.length).toBeGreaterThan(0);
    expect(listeners.filter((l) => !l.loopback)).toEqual([]);
  });
});

describe('Function: startDynamoDbLocal, with a Java that cannot run the loopback launcher', () => {
  it('falls back to the jar on every interface, and warns that it does', async () => {
    // Prepare
    const warnings: string[] = [];

    // Act
    const server = await startDynamoDbLocal({
      loopbackLauncher: '/nonexistent/LoopbackDynamoDbLocal.java',
      onWarning: (message) => warnings.push(message),
    });
    await server.stop();

    // Assess
    expect(server.loopbackOnly).toBe(false);
    expect(warnings).toEqual([expect.stringContaining('DynamoDB Local listens on every interface')]);
  });
});
