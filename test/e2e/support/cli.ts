import { type ChildProcess, execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './assembly.ts';
import { vigil } from './client.ts';

/** The real `vigil` binary, as package.json's bin runs it. */
export const VIGIL_BIN = path.join(PROJECT_ROOT, 'lib', 'cli', 'vigil.js');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a CLI child: the e2e runtime's state folder (its local.json), no colour, no outside Vigil settings. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { VIGIL_ENDPOINT: _e, VIGIL_KEY: _k, FORCE_COLOR: _f, ...env } = process.env;
  return { ...env, VIGIL_STATE_DIR: vigil.stateDir, NO_COLOR: '1', ...extra };
}

/** Runs `vigil …args` as a child process and resolves with its exit code and output (never rejects on a non-zero exit). */
export function runVigil(args: readonly string[], env: NodeJS.ProcessEnv = cliEnv()): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [VIGIL_BIN, ...args],
      { env, cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** `--json` output of a run that must succeed. */
// biome-ignore lint/suspicious/noExplicitAny: JSON output is asserted field by field
export async function vigilJson(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<any> {
  const run = await runVigil([...args, '--json'], env);
  if (run.code !== 0) throw new Error(`vigil ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** A long-running `vigil` (tail): its stdout lines as they come. */
export function spawnVigil(
  args: readonly string[],
  env: NodeJS.ProcessEnv = cliEnv(),
): {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number>;
} {
  const child = spawn(process.execPath, [VIGIL_BIN, ...args], { env, cwd: PROJECT_ROOT });
  const lines: string[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts.filter((l) => l.trim() !== ''));
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return { child, lines, exited };
}
