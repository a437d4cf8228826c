import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { localConfigSchema } from '#lib/local/local-config.ts';
import { VigilConfigError } from './errors.ts';

/**
 * What the local runtime (`npm start`) writes to `.vigil/local.json`: its URL, a producer key and
 * the admin credentials its API checks signatures against.
 *
 * @example
 * ```ts
 * const local = readLocalRuntime('.vigil');
 * if (local) console.log(local.endpoint);
 * ```
 */
export interface LocalRuntimeConfig {
  readonly endpoint: string;
  readonly producerKey: string;
  readonly admin: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly region: string;
  };
}

/** The file under the state folder. */
export const LOCAL_CONFIG_FILE = 'local.json';

/**
 * Reads `<stateDir>/local.json`; undefined when there is none. Throws {@link VigilConfigError} when
 * the file is there but not what the runtime writes.
 *
 * @example
 * ```ts
 * const client = VigilClient.fromLocalRuntime(); // uses readLocalRuntime('.vigil')
 * ```
 */
export function readLocalRuntime(stateDir = '.vigil'): LocalRuntimeConfig | undefined {
  const file = path.resolve(stateDir, LOCAL_CONFIG_FILE);
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new VigilConfigError(`${file} is not JSON (${(error as Error).message})`);
  }
  const parsed = localConfigSchema.safeParse(json);
  if (!parsed.success) throw new VigilConfigError(`${file} is not a local runtime config`);
  return parsed.data;
}
