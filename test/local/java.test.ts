import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { javaMajorVersion } from '#lib/local/java.ts';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('Function: javaMajorVersion', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "25" 2025-09-16', 25],
    ['java version "1.8.0_402"', 8],
    ['no version here', undefined],
  ])('reads %s → %s', (output, major) => {
    expect(javaMajorVersion(output)).toBe(major);
  });
});

/** Runs `npm start`'s entry point with a PATH that holds node and nothing else. */
function startWithoutJava(
  stateDir: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const bin = mkdtempSync(path.join(tmpdir(), 'vigil-nojava-bin-'));
  symlinkSync(process.execPath, path.join(bin, 'node'));
  const child = spawn(
    process.execPath,
    [
      path.join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs'),
      'lib/local/main.ts',
      '--port',
      '0',
      '--state-dir',
      stateDir,
    ],
    { cwd: PROJECT_ROOT, env: { ...process.env, PATH: bin }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) =>
    child.on('close', (code) => {
      rmSync(bin, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    }),
  );
}

describe('Command: npm start on a machine without Java', () => {
  it('says that Java 17 is needed and how to install it, and exits 1 without a stack trace', async () => {
    // Prepare
    const stateDir = mkdtempSync(path.join(tmpdir(), 'vigil-nojava-'));

    // Act
    const { code, stderr } = await startWithoutJava(stateDir);
    rmSync(stateDir, { recursive: true, force: true });

    // Assess
    expect(code).toBe(1);
    expect(stderr).toContain('needs Java 17 or newer');
    expect(stderr).toContain('sudo apt-get install openjdk-17-jre-headless');
    expect(stderr).not.toMatch(/ENOENT|^\s+at /m);
  });
});
