import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import type { LocalConfig, RuntimeInfo } from '#lib/local/local-config.ts';
import { startE2eRuntime } from './assembly.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    vigil: { config: LocalConfig; info: RuntimeInfo; startupLog: string[]; stateDir: string };
  }
}

/** Boots the whole local runtime once (the e2e app: Vigil plus probes) and stops it after the run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'vigil-e2e-'));
  const log: string[] = [];
  const vigil = await startE2eRuntime(stateDir, { retryBaseMs: 20, log: (line) => log.push(line) });
  const startupLog = [...log];
  project.provide('vigil', { config: vigil.config, info: vigil.info, startupLog, stateDir });
  return async () => {
    await vigil.stop();
    if (process.env.VIGIL_E2E_LOG) console.log(log.join('\n'));
    rmSync(stateDir, { recursive: true, force: true });
  };
}
