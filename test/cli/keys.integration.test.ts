import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoProducerKeyStore } from '#lib/aws/producer-key-store.ts';
import { keysProgram } from '#lib/cli/keys.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#lib/local/local-account.ts';
import { createTestTables, type TestTables } from '../support/dynamodb.ts';

let tables: TestTables;

beforeAll(async () => {
  tables = await createTestTables();
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
});

async function run(...args: string[]): Promise<string[]> {
  const lines: string[] = [];
  await keysProgram((line) => lines.push(line)).parseAsync(
    [
      ...args,
      '--table',
      tables.producerKeys,
      '--endpoint',
      tables.endpoint,
      '--region',
      LOCAL_REGION,
      '--json',
    ],
    { from: 'user' },
  );
  return lines;
}

describe('Command: keys', () => {
  it('creates a key that the store then recognises, lists it and revokes it', async () => {
    // Act
    const [created] = await run('create', 'line-3', '--sources', 'line3.press,line3.*');
    const { key, keyId } = JSON.parse(created ?? '{}');
    const store = new DynamoProducerKeyStore({ tableName: tables.producerKeys, client: tables.client });
    const before = await store.lookup(key);
    const [listed] = await run('list');
    await run('revoke', keyId);
    const after = await store.lookup(key);

    // Assess
    expect(before).toEqual({
      producer: 'line-3',
      sources: ['line3.press', 'line3.*'],
      modules: [],
      commands: false,
    });
    expect(JSON.parse(listed ?? '[]')).toContainEqual(expect.objectContaining({ keyId, producer: 'line-3' }));
    expect(after).toBeUndefined();
  });

  it('creates a key scoped to modules, with the cross-layer commands only when asked', async () => {
    // Act
    const [scoped] = await run('create', 'pumps', '--sources', 'pumps.*', '--modules', 'pump-7,line3.*');
    const [commanding] = await run('create', 'safety', '--sources', 's', '--modules', '*', '--commands');

    // Assess
    expect(JSON.parse(scoped ?? '{}')).toMatchObject({ modules: ['pump-7', 'line3.*'], commands: false });
    expect(JSON.parse(commanding ?? '{}')).toMatchObject({ modules: ['*'], commands: true });
  });

  it('refuses a bad module pattern with the rule', async () => {
    await expect(run('create', 'p', '--sources', 's', '--modules', 'pump 7')).rejects.toThrow(
      /'pump 7' must be a source name/,
    );
  });

  it('refuses a bad source pattern with the rule', async () => {
    await expect(run('create', 'p', '--sources', 'has space')).rejects.toThrow(
      /'has space' must be a source name/,
    );
  });

  it('refuses to revoke an unknown key id', async () => {
    await expect(run('revoke', 'ffffffffffffffff')).rejects.toThrow('no key with id ffffffffffffffff');
  });

  it('runs as `npm run keys -- create` from the shell', async () => {
    // Act
    const { stdout } = await promisify(execFile)(
      'npm',
      [
        'run',
        '--silent',
        'keys',
        '--',
        'create',
        'shell-producer',
        '--sources',
        'shell.a',
        '--table',
        tables.producerKeys,
        '--endpoint',
        tables.endpoint,
        '--region',
        LOCAL_REGION,
      ],
      { env: { ...process.env, NODE_NO_WARNINGS: '1' } },
    );

    // Assess
    expect(stdout).toMatch(/Created key [0-9a-f]{16} for shell-producer \(sources: shell\.a; modules none\)/);
    expect(stdout).toMatch(/Key \(shown once, store it now\): vgl_[A-Za-z0-9_-]{43}/);
  });
});
