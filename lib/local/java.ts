import { spawnSync } from 'node:child_process';
import { VigilError } from '#lib/core/errors.ts';

export const MIN_JAVA_MAJOR = 17;

const INSTALL_HINT = [
  `DynamoDB Local (the local runtime's database) needs Java ${MIN_JAVA_MAJOR} or newer. Install it, then run npm start again:`,
  `  Debian/Ubuntu:  sudo apt-get install openjdk-${MIN_JAVA_MAJOR}-jre-headless`,
  `  Fedora/RHEL:    sudo dnf install java-${MIN_JAVA_MAJOR}-openjdk-headless`,
  `  macOS:          brew install openjdk@${MIN_JAVA_MAJOR}`,
  '  Windows:        winget install EclipseAdoptium.Temurin.17.JRE',
  'or put an existing Java on PATH.',
].join('\n');

/** No `java` on PATH. */
export class JavaNotFoundError extends VigilError {
  readonly code = 'JAVA_NOT_FOUND';

  constructor() {
    super(`no java on PATH.\n${INSTALL_HINT}`);
  }
}

/** A `java` older than DynamoDB Local 3 runs on. */
export class JavaTooOldError extends VigilError {
  readonly code = 'JAVA_TOO_OLD';
}

/** `openjdk version "17.0.15"` → 17; `java version "1.8.0_402"` → 8. */
export function javaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 ? Number(match[2]) : first;
}

/**
 * Fails fast, before anything is started, when Java is missing or too old, saying how to install
 * it (instead of an unhandled `spawn java ENOENT` once the runtime has synthesized).
 */
export function requireJava(env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8', env, timeout: 30_000 });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new JavaNotFoundError();
  const major = javaMajorVersion(`${result.stderr ?? ''}${result.stdout ?? ''}`);
  if (major !== undefined && major < MIN_JAVA_MAJOR)
    throw new JavaTooOldError(`java on PATH is version ${major}.\n${INSTALL_HINT}`);
}
