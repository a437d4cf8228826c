import path from 'node:path';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

/** The e2e app (Vigil plus probes), synthesized into its own folder: used by the e2e suite and `npm run bench`. */
export const E2E_ASSEMBLY = {
  app: 'npx tsx test/e2e/support/app.ts',
  outdir: path.join(PROJECT_ROOT, 'test', 'e2e', '.cdk.out'),
  extraInputs: ['test/e2e/support'],
} as const;
