import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { VigilClient } from '#lib/client/index.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#lib/local/local-account.ts';
import { cliEnv, runVigil, spawnVigil, vigilJson } from './support/cli.ts';
import { eventually, tableName, vigil } from './support/client.ts';

const client = new VigilClient({
  endpoint: vigil.config.endpoint,
  producerKey: vigil.config.producerKey,
  credentials: vigil.config.admin,
  region: vigil.config.admin.region,
});
const scratch = mkdtempSync(path.join(tmpdir(), 'vigil-cli-'));
const unique = (name: string) => `cli.${name}-${ulid().slice(-8).toLowerCase()}`;

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Who the local API Gateway says signed a request with the local admin credentials: the actor recorded. */
const SIGNED_CALLER = expect.stringMatching(/^arn:aws:iam::000000000000:/);
describe('CLI: usage', () => {
  it('exits 2 with a helpful message on a usage error, and shows examples in --help', async () => {
    // Act
    const missingType = await runVigil(['publish', '--source', 'a.b']);
    const badChoice = await runVigil(['alerts', '--state', 'bogus']);
    const badJson = await runVigil(['publish', '--source', 'a', '--type', 'b', '--data', '{nope']);
    const nothingToReach = await runVigil(
      ['alerts', '--state-dir', scratch],
      cliEnv({ VIGIL_STATE_DIR: '' }),
    );
    const help = await runVigil(['publish', '--help']);
    const rootHelp = await runVigil(['--help']);

    // Assess
    expect(missingType).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('give --source and --type'),
    });
    expect(badChoice).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Allowed choices are new, acknowledged, resolved'),
    });
    expect(badJson).toMatchObject({ code: 2, stderr: expect.stringContaining('--data must be JSON') });
    expect(nothingToReach.code).toBe(2);
    expect(nothingToReach.stderr).toContain('no Vigil endpoint: give --endpoint <url>, set VIGIL_ENDPOINT');
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('Examples:') });
    expect(help.stdout).toContain('vigil publish --file events.jsonl');
    expect(rootHelp.stdout).toContain('Exit codes: 0 ok, 1 the request failed, 2 usage error');
  });
});

describe('CLI: events', () => {
  it('publishes from flags, then shows the event by id and in the history', async () => {
    // Prepare
    const source = unique('publish');

    // Act
    const published = await vigilJson([
      'publish',
      '--source',
      source,
      '--type',
      'temperature.high',
      '--severity',
      'WARNING',
      '--message',
      '86 °C',
      '--data',
      '{"line":4}',
      '--signal',
      '{"valence":-0.4,"state":[86.1,85.7]}',
    ]);
    const shown = await vigilJson(['event', published.id]);
    const listed = await vigilJson(['events', '--source', source, '--from', '10m']);
    const table = await runVigil(['events', '--source', source, '--from', '10m']);

    // Assess
    expect(published).toEqual({ id: expect.any(String), status: 'accepted' });
    expect(shown).toMatchObject({
      id: published.id,
      source,
      severity: 'WARNING',
      message: '86 °C',
      data: { line: 4 },
    });
    expect(listed.events.map((e: { id: string }) => e.id)).toEqual([published.id]);
    expect(table.stdout.split('\n')[0]).toMatch(/^RECEIVED\s+SEVERITY\s+SOURCE\s+TYPE\s+MESSAGE\s+ID$/);
    expect(table.stdout).not.toContain('\u001b[');
  });

  it("refuses a bad signal before sending, with the server's message, and exits 1", async () => {
    // Act
    const run = await runVigil([
      'publish',
      '--source',
      'a.b',
      '--type',
      'r',
      '--signal',
      '{"valence":0,"state":[1,"two"]}',
    ]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('signal.state[1]: must be a finite number');
  });

  it('publishes a 10,000-line file in batches and sums up every outcome', async () => {
    // Prepare: one source+type over its burst threshold (20 a minute), so that the runtime keeps
    // every event but dispatches only the first ones: the bus, shared with the other e2e files,
    // is not flooded with 10,000 deliveries.
    const source = unique('load');
    const file = path.join(scratch, 'events.jsonl');
    writeFileSync(
      file,
      Array.from({ length: 10_000 }, (_, i) =>
        JSON.stringify({ source, type: 'reading', message: `line ${i + 1}` }),
      ).join('\n'),
    );

    // Act
    const summary = await vigilJson(['publish', '--file', file]);
    const bursts = await client.bursts({ source, type: 'reading', windows: 5 });

    // Assess
    expect(summary).toMatchObject({ total: 10_000, duplicate: 0, rejected: 0, failed: 0, errors: [] });
    expect(summary.accepted + summary.suppressed).toBe(10_000);
    expect(summary.accepted).toBe(bursts.windows.reduce((sum, w) => sum + w.dispatched, 0));
    expect(summary.suppressed).toBe(bursts.windows.reduce((sum, w) => sum + w.suppressed, 0));
  }, 120_000);

  it('reports the bad lines of a file by number and exits 1', async () => {
    // Prepare
    const file = path.join(scratch, 'mixed.jsonl');
    const source = unique('mixed');
    writeFileSync(
      file,
      [
        JSON.stringify({ source, type: 'ok' }),
        '{not json',
        '',
        JSON.stringify({ source, type: 'alert.forged' }),
        JSON.stringify({ valence: 0, state: [1] }),
      ].join('\n'),
    );

    // Act
    const run = await runVigil(['publish', '--file', file, '--json']);
    const human = await runVigil(['publish', '--file', file, '--source', source, '--type', 'filled']);
    const wrongKey = await runVigil(['publish', '--file', file, '--key', 'vgl_wrong']);

    // Assess
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ total: 4, accepted: 1, rejected: 3 });
    expect(summary.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [2, 'MALFORMED_LINE'],
      [4, 'VALIDATION_FAILED'],
      [5, 'CONFIG_MISSING'],
    ]);
    expect(human.stdout).toMatch(
      /4 events in [\d.]+ s .*: 2 accepted, 0 duplicate, 0 suppressed, 0 filtered, 2 rejected, 0 failed/,
    );
    expect(human.stderr).toContain('line 2: rejected not JSON');
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(/^error: Forbidden .*\(FORBIDDEN, HTTP 403\)$/m);
  });

  it('follows new events as they arrive with tail', async () => {
    // Prepare
    const source = unique('tail');
    const since = new Date().toISOString();
    const tail = spawnVigil([
      'tail',
      '--source',
      source,
      '--since',
      since,
      '--interval',
      '200',
      '--count',
      '2',
      '--json',
    ]);

    // Act
    await client.publish({ source, type: 'first' });
    await client.publish({ source: unique('other'), type: 'ignored' });
    await client.publish({ source, type: 'second' });
    const code = await tail.exited;

    // Assess
    expect(code).toBe(0);
    expect(tail.lines.map((line) => JSON.parse(line).type)).toEqual(['first', 'second']);
  });
});

describe('CLI: alerts and silences', () => {
  it('lists an alert, shows its timeline, acknowledges and resolves it', async () => {
    // Prepare
    const source = unique('alert');
    await client.publish({ source, type: 'temperature.high', severity: 'WARNING', message: 'hot' });
    const listed = await eventually(async () => {
      const page = await vigilJson(['alerts', '--source', source]);
      return page.alerts.length === 1 ? page : undefined;
    }, 10_000);
    const id = listed.alerts[0].id;

    // Act
    const shown = await vigilJson(['alert', id]);
    const acked = await vigilJson(['ack', id, '--note', 'on it', '--by', 'ana']);
    const resolved = await vigilJson(['resolve', id, '--note', 'fan replaced', '--by', 'ana']);
    const again = await runVigil(['ack', id, '--by', 'ana']);
    const newOnes = await vigilJson(['alerts', '--state', 'new', '--source', source]);
    const selected = await runVigil(['alerts', '--source', source, '--fields', 'id,state']);

    // Assess
    expect(shown.alert).toMatchObject({ id, state: 'new', source, lastMessage: 'hot' });
    expect(shown.timeline.map((t: { kind: string }) => t.kind)).toEqual(['opened']);
    expect(acked).toMatchObject({
      id,
      state: 'acknowledged',
      acknowledgedBy: SIGNED_CALLER,
      acknowledgedOnBehalfOf: 'ana',
      acknowledgeNote: 'on it',
    });
    expect(resolved).toMatchObject({
      id,
      state: 'resolved',
      resolvedBy: SIGNED_CALLER,
      resolvedOnBehalfOf: 'ana',
      resolutionNotes: 'fan replaced',
    });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('HTTP 409');
    expect(newOnes.alerts).toEqual([]);
    expect(JSON.parse(selected.stdout)).toEqual({ alerts: [{ id, state: 'resolved' }] });
  });

  it('adds, lists and expires a silence', async () => {
    // Prepare
    const source = unique('silence');

    // Act
    const added = await vigilJson([
      'silence',
      'add',
      '--match',
      `source=${source}`,
      '--match',
      'type~=temp',
      '--duration',
      '1h',
      '--comment',
      'maintenance',
      '--by',
      'ana',
    ]);
    const listed = await vigilJson(['silence', 'list']);
    const expired = await vigilJson(['silence', 'expire', added.id]);
    const noDuration = await runVigil(['silence', 'add', '--match', 'source=x', '--comment', 'c']);

    // Assess
    expect(added).toMatchObject({
      state: 'active',
      createdBy: SIGNED_CALLER,
      createdOnBehalfOf: 'ana',
      matchers: [
        { field: 'source', value: source, match: 'exact' },
        { field: 'type', value: 'temp', match: 'prefix' },
      ],
    });
    expect(listed.map((s: { id: string }) => s.id)).toContain(added.id);
    expect(expired).toMatchObject({ id: added.id, state: 'expired' });
    expect(noDuration).toMatchObject({ code: 2, stderr: expect.stringContaining('give --duration') });
  });
});

describe('CLI: modules', () => {
  it('sends a module an event, lists it, shows its log and its state at an earlier time', async () => {
    // Prepare
    const name = unique('cell');
    const before = new Date(Date.now() - 1_000).toISOString();

    // Act
    const sent = await vigilJson(['module', name, 'send', 'START', '--data', '{"by":"test"}']);
    const refused = await runVigil(['module', name, 'send', 'TASK_START']);
    const listed = await vigilJson(['modules', '--limit', '100']);
    const shown = await vigilJson(['module', name, '--log']);
    const earlier = await vigilJson(['module', name, '--at', before]);
    const wrongAction = await runVigil(['module', name, 'poke']);

    // Assess
    expect(sent.module).toMatchObject({ name, version: 1 });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('INVALID_TRANSITION');
    expect(listed.modules.length).toBeGreaterThan(0);
    expect(shown.module).toMatchObject({ name, version: 1 });
    expect(shown.transitions.map((t: { event: string }) => t.event)).toEqual(['START']);
    expect(earlier.module).toMatchObject({ name, version: 0 });
    expect(wrongAction).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown action 'poke'") });
  });
});

describe('CLI: replay', () => {
  it('counts a dry run, replays with --wait, shows the status, and refuses to cancel or resume a finished replay', async () => {
    // Prepare
    const source = unique('replay');
    const from = new Date(Date.now() - 1_000).toISOString();
    await client.publish([1, 2, 3].map((n) => ({ source, type: 'reading', message: `r${n}` })));
    await eventually(async () =>
      (await client.events({ source, from })).events.length === 3 ? true : undefined,
    );
    const to = new Date().toISOString();

    // Act
    const dry = await vigilJson(['replay', '--from', from, '--to', to, '--source', source, '--dry-run']);
    const done = await vigilJson([
      'replay',
      '--from',
      from,
      '--to',
      to,
      '--source',
      source,
      '--name',
      source,
      '--wait',
    ]);
    const status = await vigilJson(['replay', 'status', done.id]);
    const cancel = await runVigil(['replay', 'cancel', done.id]);
    const resume = await runVigil(['replay', 'resume', done.id]);
    const noFrom = await runVigil(['replay', '--source', source]);

    // Assess
    expect(dry).toMatchObject({ dryRun: true, matched: 3 });
    expect(done).toMatchObject({
      status: 'completed',
      name: source,
      counts: { matched: 3, published: 3, failed: 0 },
    });
    expect(status).toMatchObject({ id: done.id, status: 'completed' });
    expect(cancel).toMatchObject({ code: 1, stderr: expect.stringContaining('REPLAY_FINISHED') });
    expect(resume).toMatchObject({ code: 1, stderr: expect.stringContaining('REPLAY_FINISHED') });
    expect(noFrom).toMatchObject({ code: 2, stderr: expect.stringContaining('give --from') });
  });
});

describe('CLI: keys and dead letters', () => {
  it('creates a key that publishes, lists it and revokes it', async () => {
    // Prepare
    const table = [
      '--table',
      tableName('ProducerAuthProducerKeys'),
      '--endpoint',
      vigil.info.dynamodbEndpoint,
      '--region',
      LOCAL_REGION,
    ];
    const env = cliEnv({
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    });
    const producer = unique('producer').replace(/\./g, '-');

    // Act
    const created = await vigilJson(['keys', 'create', producer, '--sources', 'cli.keys.*', ...table], env);
    const published = await vigilJson([
      'publish',
      '--key',
      created.key,
      '--source',
      'cli.keys.a',
      '--type',
      't',
    ]);
    const outside = await runVigil(['publish', '--key', created.key, '--source', 'cli.other', '--type', 't']);
    const listed = await vigilJson(['keys', 'list', ...table], env);
    const revoked = await vigilJson(['keys', 'revoke', created.keyId, ...table], env);

    // Assess
    expect(published.status).toBe('accepted');
    expect(outside.code).toBe(1);
    expect(listed.map((k: { keyId: string }) => k.keyId)).toContain(created.keyId);
    expect(revoked).toEqual({ keyId: created.keyId, revoked: true });
  });

  it('lists the dead letters of the local runtime and re-drives one', async () => {
    // Prepare: the probe target fails this event on every attempt, so it is dead-lettered.
    const { id } = await client.publish({ source: 'e2e.cli-dlq', type: 'reading', data: { probe: 'fail' } });
    const letter = await eventually(async () => {
      const letters = await vigilJson(['dlq', 'list']);
      return letters.find((l: { event: { detail: { id: string } } }) => l.event.detail.id === id);
    }, 10_000);

    // Act
    const table = await runVigil(['dlq', 'list']);
    const redriven = await vigilJson(['dlq', 'redrive', letter.id]);

    // Assess
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+WHEN\s+TARGET\s+ERROR\s+RETRIES\s+EVENT$/);
    expect(redriven).toEqual({ redriven: 1, unknownTarget: 0 });
  });
});
