import { describe, expect, it } from 'vitest';
import { listenersOn } from '../support/listeners.ts';
import { vigil } from './support/client.ts';

describe('Local runtime: its DynamoDB Local stays on loopback', () => {
  it('listens on 127.0.0.1 only and says so at start', () => {
    // Prepare
    const port = Number(new URL(vigil.info.dynamodbEndpoint).port);

    // Act
    const listeners = listenersOn(port);

    // Assess
    expect(vigil.startupLog).toContain(
      `[dynamodb] DynamoDB Local on ${vigil.info.dynamodbEndpoint} (loopback only)`,
    );
    if (listeners === undefined) return; // no /proc: not Linux
    expect(listeners.length).toBeGreaterThan(0);
    expect(listeners.filter((l) => !l.loopback)).toEqual([]);
  });
});
