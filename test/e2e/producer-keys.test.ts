import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoProducerKeyStore } from '#lib/aws/producer-key-store.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#lib/local/local-account.ts';
import { E2E_ASSEMBLY, PROJECT_ROOT } from './support/assembly.ts';
import { eventually, postEvents, type ResponseBody, vigil } from './support/client.ts';

const keys = new DynamoProducerKeyStore({
  tableName: vigil.info.producerKeysTable ?? '',
  client: new DynamoDBClient({
    endpoint: vigil.info.dynamodbEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  }),
});

const stateEvent = (type: string, module: string) => ({
  source: 'e2e.scopes',
  type: `state.${type}`,
  module,
  dedupKey: `${type}-${module}-${Date.now()}-${Math.random()}`,
});

describe('Local runtime: module scopes of producer keys, through the real authorizer and ingest', () => {
  it('lets a scoped key drive its modules and answers 403 naming any other module or a command', async () => {
    // Prepare
    const { key } = await keys.create({ producer: 'e2e-pumps', sources: ['e2e.*'], modules: ['e2e-pump-*'] });

    // Act
    const own = await postEvents(stateEvent('START', 'e2e-pump-1'), key);
    const other = await postEvents(stateEvent('START', 'e2e-press-1'), key);
    const command = await postEvents(stateEvent('EMERGENCY_STOP', 'e2e-pump-1'), key);

    // Assess
    expect(own.status).toBe(202);
    expect(other.status).toBe(403);
    expect(other.body.error).toEqual({
      code: 'MODULE_NOT_ALLOWED',
      field: 'module',
      message: "module: producer 'e2e-pumps' may not drive module 'e2e-press-1'",
    });
    expect(command.status).toBe(403);
    expect(command.body.error.code).toBe('COMMAND_NOT_ALLOWED');
  });

  it("lets the local runtime's own key drive any module, commands included", async () => {
    // Act
    const response = await postEvents(stateEvent('EMERGENCY_STOP', `e2e-any-${Date.now()}`));

    // Assess
    expect(response.status).toBe(202);
  });
});

describe('Command: npm run keys, against the running local runtime', () => {
  const npmKeys = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    promisify(execFile)('npm', ['run', '--silent', 'keys', '--', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NODE_NO_WARNINGS: '1', ...env },
    });

  it('lists the keys of the runtime named by VIGIL_STATE_DIR, with no --table', async () => {
    // Act
    const { stdout } = await npmKeys(['list'], { VIGIL_STATE_DIR: vigil.stateDir });

    // Assess
    expect(stdout).toMatch(/^[0-9a-f]{16} {2}local {2}\* {2}modules \* \+commands {2}created /m);
  });

  it('creates a key with --state-dir that the runtime then accepts', async () => {
    // Act
    const { stdout } = await npmKeys([
      'create',
      'e2e-cli',
      '--sources',
      'e2e.cli',
      '--state-dir',
      vigil.stateDir,
      '--json',
    ]);
    const { key } = JSON.parse(stdout);
    const response = await postEvents({ source: 'e2e.cli', type: 'cli.created' }, key);

    // Assess
    expect(response.status).toBe(202);
  });

  it('says how to reach a runtime when none runs in the folder, and exits 1', async () => {
    // Act
    const failure = await npmKeys(['list', '--state-dir', path.join(vigil.stateDir, 'nothing-here')]).catch(
      (error: { code: number; stderr: string }) => error,
    );

    // Assess
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('no local runtime is running from');
  });
});

/** The two key caches as the running template sets them: API Gateway's TTL and the authorizer's own. */
function keyCacheSeconds(): number {
  const template = JSON.parse(readFileSync(path.join(E2E_ASSEMBLY.outdir, 'Vigil.template.json'), 'utf8'));
  const resources = Object.values(template.Resources) as { Type: string; Properties: ResponseBody }[];
  const gateway = resources.find((r) => r.Type === 'AWS::ApiGatewayV2::Authorizer');
  const fn = resources.find((r) => r.Properties?.Environment?.Variables?.KEY_CACHE_SECONDS !== undefined);
  return (
    Number(gateway?.Properties.AuthorizerResultTtlInSeconds) +
    Number(fn?.Properties.Environment.Variables.KEY_CACHE_SECONDS)
  );
}

describe('Local runtime: revoking a producer key', () => {
  it('refuses the key within the two cache times of the template once it is revoked', async () => {
    // Prepare: a key in use, so that both caches hold it
    const { key, record } = await keys.create({ producer: 'e2e-leaver', sources: ['e2e.leaver'] });
    const send = () => postEvents({ source: 'e2e.leaver', type: 'still.here' }, key);
    expect((await send()).status).toBe(202);
    const bound = keyCacheSeconds() * 1000;

    // Act
    await keys.revoke(record.keyId);
    const revokedAt = Date.now();
    // The send time of the first refused request: a slow answer on a loaded machine does not count.
    const refused = await eventually(
      async () => {
        const sentAt = Date.now();
        return (await send()).status === 403 ? sentAt : undefined;
      },
      bound + 2_000,
      'the revoked key to be refused',
    );

    // Assess
    expect(bound).toBeLessThanOrEqual(30_000);
    expect(refused - revokedAt).toBeLessThanOrEqual(bound + 1_000);
  });
});
