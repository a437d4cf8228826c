import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startE2eRuntime } from './support/assembly.ts';
import { ingestThroughOutage } from './support/outage.ts';

describe('Fault: DynamoDB Local stops for a few seconds in the middle of a load', () => {
  it('keeps answering, and a producer that retries what it is told ends with every accepted event once in history and on the bus', async () => {
    // Prepare: a runtime of its own (the suite's must not lose its database), data on disk
    const stateDir = mkdtempSync(path.join(tmpdir(), 'vigil-outage-'));
    const vigil = await startE2eRuntime(stateDir, { inMemory: false, retryBaseMs: 20 });
    let restarted: { stop(): Promise<void> } | undefined;
    try {
      // Act
      const report = await ingestThroughOutage(vigil, stateDir, {
        events: 150,
        outageMs: 3_000,
        source: 'e2e.outage',
      });
      restarted = report.restartedDynamoDb;
      const after = await fetch(`${vigil.config.endpoint}/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${vigil.config.producerKey}` },
        body: JSON.stringify({ source: 'e2e.outage', type: 'after' }),
      });

      // Assess
      expect(report.retried).toBeGreaterThan(0);
      expect(report.accepted + report.duplicate).toBe(report.sent);
      expect(report.inHistory).toBe(report.sent);
      expect(report.idsTwiceInHistory).toBe(0);
      expect(report.acceptedMissingFromHistory).toBe(0);
      expect(report.acceptedMissingFromBus).toBe(0);
      expect(after.status).toBe(202);
    } finally {
      await vigil.stop();
      await restarted?.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  }, 180_000);
});
