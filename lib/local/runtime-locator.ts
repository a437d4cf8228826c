import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VigilError } from '#lib/core/errors.ts';
import {
  RUNTIME_INFO_FILE,
  type RuntimeInfo,
  readJsonFile,
  runtimeInfoSchema,
} from '#lib/local/local-config.ts';

/** Names the local runtime's state folder for commands run elsewhere (as `--state-dir` does). */
export const STATE_DIR_ENV = 'VIGIL_STATE_DIR';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** No running local runtime in the state folder: `runtime.json` is missing, unreadable or stale. */
export class LocalRuntimeNotFoundError extends VigilError {
  readonly code = 'LOCAL_RUNTIME_NOT_FOUND';
}

/** `--state-dir`, else `$VIGIL_STATE_DIR`, else the project's `.vigil` (where `npm start` writes). */
export function stateDirOf(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(explicit ?? env[STATE_DIR_ENV] ?? path.join(PROJECT_ROOT, '.vigil'));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The endpoints of the local runtime running from `stateDir`; throws when none runs there. */
export function runningRuntime(stateDir: string): RuntimeInfo {
  const file = path.join(stateDir, RUNTIME_INFO_FILE);
  const info = readJsonFile(file, runtimeInfoSchema);
  if (!info)
    throw new LocalRuntimeNotFoundError(
      `no local runtime is running from ${stateDir} (no ${RUNTIME_INFO_FILE}); start it with npm start, or name its folder with --state-dir or ${STATE_DIR_ENV}`,
    );
  if (!processAlive(info.pid))
    throw new LocalRuntimeNotFoundError(
      `the local runtime that wrote ${file} (pid ${info.pid}) is no longer running; start it with npm start`,
    );
  return info;
}
