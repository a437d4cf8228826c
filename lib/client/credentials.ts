/**
 * AWS credentials for the admin routes (SigV4, service `execute-api`). Structurally the AWS SDK's
 * `AwsCredentialIdentity`, so any SDK credential provider fits.
 *
 * @example
 * ```ts
 * const credentials: AdminCredentials = { accessKeyId: 'AKIA…', secretAccessKey: '…' };
 * ```
 */
export interface AdminCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/**
 * Something that gives credentials when asked, e.g. `fromIni({ profile })` of
 * `@aws-sdk/credential-providers`; called before each signed request (providers cache themselves).
 *
 * @example
 * ```ts
 * import { fromIni } from '@aws-sdk/credential-providers';
 * new VigilClient({ endpoint, credentials: fromIni({ profile: 'ops' }) });
 * ```
 */
export type CredentialProvider = () => Promise<AdminCredentials>;

let defaultChain: CredentialProvider | undefined;

/**
 * The standard AWS chain (environment, SSO, shared config and credentials files, web identity,
 * container and instance metadata), loaded on first use: producers that never call an admin route
 * never load it.
 *
 * @example
 * ```ts
 * const credentials = await awsCredentialChain()();
 * ```
 */
export function awsCredentialChain(): CredentialProvider {
  defaultChain ??= (() => {
    let provider: Promise<CredentialProvider> | undefined;
    return async () => {
      provider ??= import('@aws-sdk/credential-providers').then(
        ({ fromNodeProviderChain }) => fromNodeProviderChain() as CredentialProvider,
      );
      return (await provider)();
    };
  })();
  return defaultChain;
}

/**
 * The region to sign for: given, else `AWS_REGION` / `AWS_DEFAULT_REGION`, else read from an
 * `execute-api` endpoint's host name.
 *
 * @example
 * ```ts
 * regionOf('https://a1b2c3.execute-api.eu-west-1.amazonaws.com'); // 'eu-west-1'
 * ```
 */
export function regionOf(endpoint: string, given?: string): string | undefined {
  if (given) return given;
  // No `process` in a browser (the web console always gives the region).
  const env = globalThis.process?.env ?? {};
  const fromEnv = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  return /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/.exec(new URL(endpoint).hostname)?.[1];
}
