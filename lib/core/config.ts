import * as z from 'zod/mini';
import { resolveTimeoutSchema } from './alerts/auto-resolve.ts';
import { DEFAULT_SILENCE_CACHE_SECONDS } from './alerts/silence-cache.ts';
import { VigilError } from './errors.ts';
import { burstOverrideSchema } from './ingest/burst.ts';
import { compileMiddleware, ingestMiddlewareSchema } from './ingest/middleware.ts';
import type { IngestSettings } from './ingest/pipeline.ts';
import { addIssue } from './validation.ts';

/** A required environment variable is missing or malformed: the function refuses to start. */
export class ConfigError extends VigilError {
  readonly code = 'CONFIG_INVALID';
}

const positiveInt = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.positive()), fallback);
const nonEmpty = z.string({ error: 'is required' }).check(z.minLength(1, 'is required'));
/** An integer in [min, max] read from the environment (a string), `fallback` when unset. */
const intBetween = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.gte(min), z.lte(max)), fallback);

/** Parses `env` with `schema`, naming the variable and the rule on failure. */
export function loadEnv<S extends z.core.$ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
  const result = z.safeParse(schema, env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ConfigError(
    `environment variable ${String(issue?.path[0] ?? '?')}: ${issue?.message ?? 'is invalid'}`,
    {
      field: String(issue?.path[0] ?? ''),
    },
  );
}

const jsonArray = z.pipe(
  z.string(),
  z.transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      addIssue(ctx, 'must be JSON');
      return z.NEVER;
    }
  }),
);

export const ingestEnvSchema = z
  .object({
    HISTORY_TABLE_NAME: nonEmpty,
    DEDUP_TABLE_NAME: nonEmpty,
    EVENT_BUS_NAME: nonEmpty,
    DEDUP_WINDOW_SECONDS: positiveInt(86_400),
    HISTORY_RETENTION_SECONDS: positiveInt(7 * 86_400),
    HISTORY_SHARDS: positiveInt(16),
    BURST_THRESHOLD: positiveInt(20),
    BURST_WINDOW_SECONDS: positiveInt(60),
    BURST_OVERRIDES: z._default(z.pipe(jsonArray, z.array(burstOverrideSchema)), []),
    CLAIM_LEASE_MS: positiveInt(15_000),
    CLAIM_WAIT_MS: positiveInt(3_000),
    INGEST_MIDDLEWARE: z._default(z.pipe(jsonArray, ingestMiddlewareSchema), []),
  })
  .check(
    z.refine((env) => env.DEDUP_WINDOW_SECONDS <= env.HISTORY_RETENTION_SECONDS, {
      path: ['DEDUP_WINDOW_SECONDS'],
      message: 'must not exceed HISTORY_RETENTION_SECONDS (a duplicate is recognised by its history item)',
    }),
  );

export type IngestEnv = z.output<typeof ingestEnvSchema>;

export function ingestSettingsOf(env: IngestEnv): IngestSettings {
  return {
    dedupWindowSeconds: env.DEDUP_WINDOW_SECONDS,
    claimLeaseMs: env.CLAIM_LEASE_MS,
    claimWaitMs: env.CLAIM_WAIT_MS,
    historyShards: env.HISTORY_SHARDS,
    burstDefault: { threshold: env.BURST_THRESHOLD, windowSeconds: env.BURST_WINDOW_SECONDS },
    burstOverrides: env.BURST_OVERRIDES,
    middleware: compileMiddleware(env.INGEST_MIDDLEWARE),
  };
}

export const adminEnvSchema = z.object({
  ANNOUNCEMENTS_TABLE_NAME: nonEmpty,
  HISTORY_TABLE_NAME: nonEmpty,
  HISTORY_SHARDS: positiveInt(16),
  DEDUP_TABLE_NAME: nonEmpty,
  ALERTS_TABLE_NAME: nonEmpty,
  MODULES_TABLE_NAME: nonEmpty,
  EVENT_BUS_NAME: nonEmpty,
  HISTORY_RETENTION_SECONDS: positiveInt(7 * 86_400),
  BURST_THRESHOLD: positiveInt(20),
  BURST_WINDOW_SECONDS: positiveInt(60),
  BURST_OVERRIDES: z._default(z.pipe(jsonArray, z.array(burstOverrideSchema)), []),
});

export const alertingEnvSchema = z.object({
  ANNOUNCEMENTS_TABLE_NAME: nonEmpty,
  ALERTS_TABLE_NAME: nonEmpty,
  EVENT_BUS_NAME: nonEmpty,
  /** How long an environment reuses the silences it read (a new silence takes effect within it). */
  SILENCE_CACHE_SECONDS: intBetween(0, 60, DEFAULT_SILENCE_CACHE_SECONDS),
});

export const alertSweeperEnvSchema = z.object({
  ANNOUNCEMENTS_TABLE_NAME: nonEmpty,
  ALERTS_TABLE_NAME: nonEmpty,
  EVENT_BUS_NAME: nonEmpty,
  RESOLVE_TIMEOUTS: z._default(z.pipe(jsonArray, z.array(resolveTimeoutSchema)), []),
});

export const stateEnvSchema = z.object({
  ANNOUNCEMENTS_TABLE_NAME: nonEmpty,
  MODULES_TABLE_NAME: nonEmpty,
  EVENT_BUS_NAME: nonEmpty,
  REORDER_WINDOW_MS: intBetween(0, 60_000, 0),
});

export const replayEnvSchema = z.object({
  REPLAYS_TABLE_NAME: nonEmpty,
  HISTORY_TABLE_NAME: nonEmpty,
  HISTORY_SHARDS: positiveInt(16),
  HISTORY_RETENTION_SECONDS: positiveInt(7 * 86_400),
  EVENT_BUS_NAME: nonEmpty,
  /** Where the original bus events were, for replay patterns that name account or region. */
  ACCOUNT_ID: nonEmpty,
  AWS_REGION: nonEmpty,
});

/** The most the authorizer and API Gateway may cache a key together: a revoked key stops within it. */
export const REVOCATION_BOUND_SECONDS = 30;

export const authorizerEnvSchema = z.object({
  PRODUCER_KEYS_TABLE_NAME: nonEmpty,
  KEY_CACHE_SECONDS: intBetween(0, REVOCATION_BOUND_SECONDS, 10),
  KEY_CACHE_MAX_ENTRIES: intBetween(1, 100_000, 1_000),
});
