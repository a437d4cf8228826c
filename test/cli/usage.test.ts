import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMatcher } from '#lib/cli/commands/silences.ts';
import { clientOptions } from '#lib/cli/connection.ts';
import { describeExit } from '#lib/cli/run.ts';
import { parseDuration, timeArgument, UsageError } from '#lib/cli/usage.ts';
import { VigilHttpError, VigilNetworkError } from '#lib/client/errors.ts';

describe('Function: timeArgument', () => {
  const parse = timeArgument(() => Date.parse('2026-11-27T12:00:00Z'));

  it.each([
    ['2026-11-27T08:00:00+01:00', '2026-11-27T07:00:00.000Z'],
    ['now', '2026-11-27T12:00:00.000Z'],
    ['15m', '2026-11-27T11:45:00.000Z'],
    ['2d', '2026-11-25T12:00:00.000Z'],
  ])('reads %s as %s', (value, expected) => {
    // Act & Assess
    expect(parse(value)).toBe(expected);
  });

  it('refuses what is not a time, saying what would be', () => {
    // Act & Assess
    expect(() => parse('yesterday')).toThrow(/give ISO-8601 .*, now, or 15m \/ 2h \/ 7d ago/);
    expect(() => parseDuration('2 hours')).toThrow(/like 30s, 15m, 2h, 1d/);
  });
});

describe('Function: parseMatcher', () => {
  it('reads exact and prefix matchers and adds up repeats', () => {
    // Act
    const matchers = parseMatcher('type~=temp', parseMatcher('source=plant7.press'));

    // Assess
    expect(matchers).toEqual([
      { field: 'source', value: 'plant7.press', match: 'exact' },
      { field: 'type', value: 'temp', match: 'prefix' },
    ]);
    expect(() => parseMatcher('colour=red')).toThrow(/not a matcher/);
  });
});

describe('Function: clientOptions', () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'vigil-cli-conn-'));
  writeFileSync(
    path.join(stateDir, 'local.json'),
    JSON.stringify({
      endpoint: 'http://127.0.0.1:3999',
      producerKey: 'vgl_local',
      producerSources: ['*'],
      admin: { accessKeyId: 'AKIALOCALX', secretAccessKey: 'secret', region: 'us-east-1' },
    }),
  );

  it('takes flags first, then the environment, then the local runtime', () => {
    // Act
    const fromFlags = clientOptions(
      { endpoint: 'https://x.execute-api.eu-west-1.amazonaws.com', key: 'vgl_f', stateDir },
      { VIGIL_KEY: 'vgl_env' },
    );
    const fromEnv = clientOptions(
      { stateDir },
      { VIGIL_ENDPOINT: 'https://y.example', VIGIL_KEY: 'vgl_env' },
    );
    const fromLocal = clientOptions({ stateDir }, {});

    // Assess
    expect(fromFlags).toEqual({
      endpoint: 'https://x.execute-api.eu-west-1.amazonaws.com',
      producerKey: 'vgl_f',
    });
    expect(fromEnv).toEqual({ endpoint: 'https://y.example', producerKey: 'vgl_env' });
    expect(fromLocal).toEqual({
      endpoint: 'http://127.0.0.1:3999',
      producerKey: 'vgl_local',
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIALOCALX', secretAccessKey: 'secret' },
    });
  });

  it('names every way to give an endpoint when there is none', () => {
    // Prepare
    const empty = mkdtempSync(path.join(tmpdir(), 'vigil-cli-empty-'));

    // Act & Assess
    expect(() => clientOptions({ stateDir: empty }, {})).toThrow(
      'no Vigil endpoint: give --endpoint <url>, set VIGIL_ENDPOINT, or start the local runtime (npm start) so that .vigil/local.json exists',
    );
  });
});

describe('Function: describeExit', () => {
  it('maps usage errors to 2, failed requests to 1, help to 0', () => {
    // Act & Assess
    expect(describeExit(Object.assign(new Error('x'), { code: 'commander.helpDisplayed' }))).toEqual({
      code: 0,
    });
    expect(describeExit(Object.assign(new Error('x'), { code: 'commander.unknownOption' }))).toEqual({
      code: 2,
    });
    expect(describeExit(new UsageError('give --from'))).toEqual({ code: 2, message: 'error: give --from' });
    expect(
      describeExit(
        new VigilHttpError({
          status: 409,
          code: 'ILLEGAL_TRANSITION',
          message: 'already resolved',
          field: 'id',
        }),
      ),
    ).toEqual({ code: 1, message: 'error: already resolved (ILLEGAL_TRANSITION, field id, HTTP 409)' });
    expect(describeExit(new VigilNetworkError('could not reach x'))).toEqual({
      code: 1,
      message: 'error: could not reach x (NETWORK_ERROR)',
    });
  });
});
