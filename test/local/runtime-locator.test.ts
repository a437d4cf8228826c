import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RUNTIME_INFO_FILE, writeJsonFile } from '#lib/local/local-config.ts';
import { LocalRuntimeNotFoundError, runningRuntime, stateDirOf } from '#lib/local/runtime-locator.ts';

const info = (pid: number) => ({
  pid,
  dynamodbEndpoint: 'http://127.0.0.1:1',
  eventBridgeEndpoint: 'http://127.0.0.1:2',
  lambdaEndpoint: 'http://127.0.0.1:3',
  tables: {},
  functions: {},
  producerKeysTable: 'keys',
});

describe('Function: stateDirOf', () => {
  it('takes --state-dir first, then VIGIL_STATE_DIR, then the project .vigil', () => {
    expect(stateDirOf('/a', { VIGIL_STATE_DIR: '/b' })).toBe('/a');
    expect(stateDirOf(undefined, { VIGIL_STATE_DIR: '/b' })).toBe('/b');
    expect(stateDirOf(undefined, {})).toBe(path.resolve(import.meta.dirname, '..', '..', '.vigil'));
  });
});

describe('Function: runningRuntime', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the runtime of a live process', () => {
    // Prepare
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-locator-'));
    writeJsonFile(path.join(dir, RUNTIME_INFO_FILE), info(process.pid));

    // Act / Assess
    expect(runningRuntime(dir).producerKeysTable).toBe('keys');
  });

  it('refuses a folder without runtime.json, naming the folder', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-locator-'));
    expect(() => runningRuntime(dir)).toThrow(LocalRuntimeNotFoundError);
    expect(() => runningRuntime(dir)).toThrow(`no local runtime is running from ${dir}`);
  });

  it('refuses a runtime.json left behind by a process that is gone', () => {
    // Prepare: pids are at most 2^22 on Linux
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-locator-'));
    writeJsonFile(path.join(dir, RUNTIME_INFO_FILE), info(4_194_305));

    // Act / Assess
    expect(() => runningRuntime(dir)).toThrow('(pid 4194305) is no longer running');
  });
});
