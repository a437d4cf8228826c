import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** `.vigil/local.json`: what the CLI, examples and outside tools read to reach the local runtime. */
export const localConfigSchema = z.object({
  endpoint: z.string().url(),
  producerKey: z.string(),
  producerSources: z.array(z.string()),
  admin: z.object({ accessKeyId: z.string(), secretAccessKey: z.string(), region: z.string() }),
});
export type LocalConfig = z.output<typeof localConfigSchema>;

/** `.vigil/runtime.json`: the runtime's own endpoints and names, for Vigil's local commands. */
export const runtimeInfoSchema = z.object({
  pid: z.number(),
  dynamodbEndpoint: z.string(),
  eventBridgeEndpoint: z.string(),
  /** Lambda's Invoke API (`AWS_ENDPOINT_URL_LAMBDA` of the functions). */
  lambdaEndpoint: z.string(),
  /** The SQS endpoint (`AWS_ENDPOINT_URL_SQS` of the functions); absent before queues ran locally. */
  sqsEndpoint: z.string().optional(),
  /** Logical id → queue URL. */
  queues: z.record(z.string(), z.string()).optional(),
  tables: z.record(z.string(), z.string()),
  /** Logical id → function name, for InvokeCommand from outside. */
  functions: z.record(z.string(), z.string()),
  producerKeysTable: z.string().optional(),
  busName: z.string().optional(),
});
export type RuntimeInfo = z.output<typeof runtimeInfoSchema>;

export const LOCAL_CONFIG_FILE = 'local.json';
export const RUNTIME_INFO_FILE = 'runtime.json';

export function readJsonFile<S extends z.ZodType>(file: string, schema: S): z.output<S> | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

export function writeJsonFile(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
}

/** Admin credentials for SigV4 on the local admin routes: random once, then kept with the data. */
export function newAdminCredentials(region: string): LocalConfig['admin'] {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const id = [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
  return {
    accessKeyId: `AKIALOCAL${id.slice(0, 11)}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
    region,
  };
}
