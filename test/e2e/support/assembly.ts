import path from 'node:path';
import { type RunningVigil, type StartOptions, startVigil } from '#lib/local/start-vigil.ts';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

/** The e2e app (Vigil plus probes), synthesized into its own folder: used by the e2e suite and `npm run bench`. */
export const E2E_ASSEMBLY = {
  app: 'npx tsx test/e2e/support/app.ts',
  outdir: path.join(PROJECT_ROOT, 'test', 'e2e', '.cdk.out'),
  extraInputs: ['test/e2e/support'],
} as const;

/** The same app with Vigil's deployed cache and timing defaults (bench/app.ts): what `npm run bench` runs. */
export const BENCH_ASSEMBLY = {
  app: 'npx tsx bench/app.ts',
  outdir: path.join(PROJECT_ROOT, 'test', 'e2e', '.cdk.out-bench'),
  extraInputs: ['test/e2e/support', 'bench/app.ts'],
} as const;

/** The e2e app on free ports with data in `stateDir` (in memory unless told otherwise): quiet unless given a log. */
export function startE2eRuntime(
  stateDir: string,
  options: Pick<StartOptions, 'log' | 'functionLog' | 'retryBaseMs' | 'inMemory'> & {
    readonly assembly?: typeof E2E_ASSEMBLY | typeof BENCH_ASSEMBLY;
  } = {},
): Promise<RunningVigil> {
  return startVigil({
    projectRoot: PROJECT_ROOT,
    port: 0,
    inMemory: true,
    stateDir,
    assembly: E2E_ASSEMBLY,
    log: () => undefined,
    ...options,
  });
}
