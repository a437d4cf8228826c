import { VigilAdminApi } from '#lib/client/admin-api.ts';
import type { AdminCredentials, CredentialProvider } from '#lib/client/credentials.ts';
import { Transport } from '#lib/client/transport.ts';
import type { ConsoleConfig } from './config.ts';

export type Api = VigilAdminApi;

/** The client library's admin API, signing every call with the given credentials (SigV4, in the browser). */
export function createApi(config: ConsoleConfig, credentials: AdminCredentials | CredentialProvider): Api {
  const provider: CredentialProvider =
    typeof credentials === 'function' ? credentials : async () => credentials;
  return new VigilAdminApi(
    new Transport({
      endpoint: config.apiUrl,
      region: config.region,
      credentials: provider,
      defaultCredentials: () => provider,
    }),
  );
}

/** The message to show for a failed call: the API's own words, with the field when it names one. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function fieldOf(error: unknown): string | undefined {
  const field = (error as { field?: unknown } | undefined)?.field;
  return typeof field === 'string' ? field : undefined;
}
