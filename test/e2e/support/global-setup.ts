import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import type { LocalConfig, RuntimeInfo } from '../../../lib/local/local-config.ts';
import { startVigil } from '../../../lib/local/runtime.ts';
import { E2E_ASSEMBLY, PROJECT_ROOT } from './assembly.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    vigil: { config: LocalConfig; info: RuntimeInfo; startupLog: string[]; stateDir: string };
  }
}

/** Boots the whole local runtime once (the e2e app: Vigil plus probes) and stops it after the run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'vigil-e2e-'));
  const log: string[] = [];
  const vigil = await startVigil({
    projectRoot: PROJECT_ROOT,
    port: 0,
    inMemory: true,
    stateDir,
    retryBaseMs: 20,
    assembly: E2E_ASSEMBLY,
    log: (line) => log.push(line),
  });
  const startupLog = [...log];
  project.provide('vigil', { config: vigil.config, info: vigil.info, startupLog, stateDir });
  return async () => {
    await vigil.stop();
    if (process.env.VIGIL_E2E_LOG) console.log(log.join('\n'));
    rmSync(stateDir, { recursive: true, force: true });
  };
}
