import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * What infra/ reaches through the project's own modules, packages left external: the stack must
 * not pull in an adapter that loads the AWS SDK (constants it shares with the adapters live in
 * SDK-free modules such as lib/aws/table-layout.ts).
 */
async function packagesImportedBy(entry: string): Promise<Map<string, string[]>> {
  const { metafile } = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const importers = new Map<string, string[]>();
  for (const [file, input] of Object.entries(metafile.inputs)) {
    // Lambda code requires the SDK through lib/aws/sdk-*.ts (see commonjs.ts): no import to see.
    if (file.startsWith('lib/aws/sdk-')) importers.set(`@aws-sdk/ (required by ${file})`, [file]);
    for (const imported of input.imports) {
      if (!imported.external) continue;
      importers.set(imported.path, [...(importers.get(imported.path) ?? []), file]);
    }
  }
  return importers;
}

describe('infra imports', () => {
  it('load no AWS SDK client, through any project module', async () => {
    // Act
    const imported = await packagesImportedBy('infra/app.ts');

    // Assess
    const sdk = [...imported].filter(([name]) => name.startsWith('@aws-sdk/'));
    expect(sdk).toEqual([]);
    expect([...imported.keys()]).toContain('aws-cdk-lib');
  });
});
