import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import {
  type CredentialProvider,
  type LocalRuntimeConfig,
  readLocalRuntime,
  VigilClient,
  type VigilClientOptions,
} from '#lib/client/index.ts';
import { UsageError } from './usage.ts';

const PROJECT_STATE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '.vigil');

/** The flags every command that talks to Vigil takes. */
export interface ConnectionFlags {
  readonly endpoint?: string;
  readonly key?: string;
  readonly region?: string;
  readonly profile?: string;
  readonly stateDir?: string;
}

/** Adds `--endpoint`, `--key`, `--region`, `--profile`, `--state-dir` and `--json` to a command. */
export function withConnection(command: Command): Command {
  return command
    .option('--endpoint <url>', 'API URL (default: $VIGIL_ENDPOINT, else the running local runtime)')
    .option('--key <key>', "producer key vgl_… (default: $VIGIL_KEY, else the local runtime's)")
    .option('--profile <name>', 'AWS profile for the admin API (default: the AWS credential chain)')
    .option('--region <region>', 'AWS region to sign for (default: $AWS_REGION, else from the endpoint)')
    .option(
      '--state-dir <dir>',
      "the local runtime's state folder with local.json (default: $VIGIL_STATE_DIR, ./.vigil, then the project's)",
    )
    .option('--json', 'print JSON (for scripts)')
    .option('--fields <list>', 'JSON with only these fields (of each item of a list), e.g. id,status');
}

function localRuntime(flags: ConnectionFlags, env: NodeJS.ProcessEnv): LocalRuntimeConfig | undefined {
  const dirs = flags.stateDir
    ? [flags.stateDir]
    : env.VIGIL_STATE_DIR
      ? [env.VIGIL_STATE_DIR]
      : [path.resolve('.vigil'), PROJECT_STATE_DIR];
  for (const dir of dirs) {
    const config = readLocalRuntime(dir);
    if (config) return config;
  }
  return undefined;
}

/** A named AWS profile's credentials, the SDK loaded only when a request is signed. */
function profileCredentials(profile: string): CredentialProvider {
  let provider: Promise<CredentialProvider> | undefined;
  return async () => {
    provider ??= import('@aws-sdk/credential-providers').then(
      ({ fromIni }) => fromIni({ profile }) as CredentialProvider,
    );
    return (await provider)();
  };
}

const sameEndpoint = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/**
 * Where and as whom to connect: flags first, then the environment (`VIGIL_ENDPOINT`, `VIGIL_KEY`, the
 * AWS credential chain), then the running local runtime's `local.json`. The local runtime's admin
 * credentials are used when the endpoint is the local runtime's (no AWS identity can sign for it).
 */
export function clientOptions(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
): VigilClientOptions {
  const local = localRuntime(flags, env);
  const endpoint = flags.endpoint ?? env.VIGIL_ENDPOINT ?? local?.endpoint;
  if (!endpoint)
    throw new UsageError(
      'no Vigil endpoint: give --endpoint <url>, set VIGIL_ENDPOINT, or start the local runtime (npm start) so that .vigil/local.json exists',
    );
  const isLocal = local !== undefined && sameEndpoint(endpoint, local.endpoint);
  const producerKey = flags.key ?? env.VIGIL_KEY ?? (isLocal ? local.producerKey : undefined);
  const region = flags.region ?? (isLocal && !flags.profile ? local.admin.region : undefined);
  const credentials = flags.profile
    ? profileCredentials(flags.profile)
    : isLocal
      ? { accessKeyId: local.admin.accessKeyId, secretAccessKey: local.admin.secretAccessKey }
      : undefined;
  return {
    endpoint,
    ...(producerKey ? { producerKey } : {}),
    ...(region ? { region } : {}),
    ...(credentials ? { credentials } : {}),
  };
}

/** The client for a command's flags; a missing producer key is a usage error naming how to give one. */
export function clientFor(flags: ConnectionFlags, needs: 'producer' | 'admin' = 'admin'): VigilClient {
  const options = clientOptions(flags);
  if (needs === 'producer' && !options.producerKey)
    throw new UsageError(
      `no producer key for ${options.endpoint}: give --key vgl_…, set VIGIL_KEY, or create one with vigil keys create <producer> --sources …`,
    );
  return new VigilClient(options);
}
