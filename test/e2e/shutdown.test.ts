import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startE2eRuntime } from './support/assembly.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return false;
  } catch {
    return true;
  }
}

describe('Function: startVigil / stop', () => {
  it('leaves no process, port or file behind', async () => {
    // Prepare: a second runtime beside the suite's, on free ports
    const stateDir = mkdtempSync(path.join(tmpdir(), 'vigil-shutdown-'));
    const vigil = await startE2eRuntime(stateDir);
    const warm = await fetch(`${vigil.config.endpoint}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${vigil.config.producerKey}` },
      body: JSON.stringify({ source: 'shutdown.check', type: 't' }),
    });
    expect(warm.status).toBe(202);
    expect(alive(vigil.dynamodbPid)).toBe(true);

    // Act
    await vigil.stop();

    // Assess
    expect(alive(vigil.dynamodbPid)).toBe(false);
    expect(await refused(`${vigil.config.endpoint}/events`)).toBe(true);
    expect(await refused(vigil.info.eventBridgeEndpoint)).toBe(true);
    expect(await refused(vigil.info.dynamodbEndpoint)).toBe(true);
    expect(await refused(vigil.info.sqsEndpoint ?? '')).toBe(true);
    const ingest = vigil.topology.functions.find((fn) => fn.logicalId.startsWith('IngestFunction'));
    const afterStop = await vigil.lambda.invoke(ingest?.name ?? '', {});
    expect(afterStop).toMatchObject({ ok: false, error: { errorType: 'LocalRuntime.Closed' } });
    rmSync(stateDir, { recursive: true, force: true });
    // Starting a second whole runtime (now with the subscription functions, queues and table) takes
    // about 20 s on a 2-core machine next to the suite's own, more while other e2e files run.
  }, 90_000);
});
