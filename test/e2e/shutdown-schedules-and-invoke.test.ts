import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startE2eRuntime } from './support/assembly.ts';

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { method: 'POST', signal: AbortSignal.timeout(2_000) });
    return false;
  } catch {
    return true;
  }
}

describe('Function: startVigil / stop, scheduled rules and the Lambda endpoint', () => {
  it('stops the schedule timers and closes the Lambda endpoint', async () => {
    // Prepare: a second runtime beside the suite's, on free ports
    const stateDir = mkdtempSync(path.join(tmpdir(), 'vigil-shutdown-schedules-'));
    const vigil = await startE2eRuntime(stateDir);
    const invocations = `${vigil.info.lambdaEndpoint}/2015-03-31/functions/nope/invocations`;
    expect((await fetch(invocations, { method: 'POST' })).status).toBe(404);
    expect(vigil.scheduler.schedules().some((s) => s.nextFireAt !== undefined)).toBe(true);

    // Act
    await vigil.stop();

    // Assess
    expect(await refused(invocations)).toBe(true);
    expect(vigil.scheduler.schedules().map((s) => s.nextFireAt)).toEqual(
      vigil.scheduler.schedules().map(() => undefined),
    );
    await vigil.asyncInvocations.idle();
    rmSync(stateDir, { recursive: true, force: true });
    // Room for a synth when the app changed since the suite's own (about 15 s here).
  }, 90_000);
});
