import * as z from 'zod/mini';
import { burstOverrideSchema } from '#lib/core/ingest/burst.ts';
import { compileMiddleware, ingestMiddlewareSchema } from '#lib/core/ingest/middleware.ts';
import type { IngestSettings } from '#lib/core/ingest/pipeline.ts';
import { jsonArray, nonEmpty, positiveInt } from './env.ts';

/** The environment of the ingest function (set by infra/constructs/ingest.ts). */
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
