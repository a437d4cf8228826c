import { describe, expect, it } from 'vitest';
import { packageImportsOf } from '#test/support/package-imports.ts';

/**
 * What infra/ reaches through the project's own modules, packages left external: the stack must
 * not pull in an adapter that loads the AWS SDK (constants it shares with the adapters live in
 * SDK-free modules such as lib/aws/table-layout.ts).
 */
describe('infra imports', () => {
  it('load no AWS SDK client, through any project module', async () => {
    // Act
    const { importers, files } = await packageImportsOf('infra/app.ts');

    // Assess
    const sdk = [...importers].filter(([name]) => name.startsWith('@aws-sdk/'));
    expect(sdk).toEqual([]);
    // Lambda code requires the SDK through lib/aws/sdk-*.ts (see commonjs.ts): no import to see.
    expect(files.filter((file) => file.startsWith('lib/aws/sdk-'))).toEqual([]);
    expect([...importers.keys()]).toContain('aws-cdk-lib');
  });
});
