import type { Node } from 'constructs';
import { z } from 'zod';
import { resolveTimeoutSchema } from '#lib/core/alerts/auto-resolve.ts';
import { DEFAULT_SILENCE_CACHE_SECONDS } from '#lib/core/alerts/silence-cache.ts';
import { REVOCATION_BOUND_SECONDS } from '#lib/core/config.ts';
import { burstOverrideSchema } from '#lib/core/ingest/burst.ts';
import { ingestMiddlewareSchema } from '#lib/core/ingest/middleware.ts';

/**
 * Deploy-time settings. Every field has a default; override with CDK context
 * (`cdk deploy -c vigil='{"historyRetentionDays":30}'` or the `vigil` key of cdk.json).
 */
export const vigilConfigSchema = z
  .strictObject({
    busName: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,256}$/)
      .default('vigil'),
    dedupWindowSeconds: z.number().int().positive().default(86_400),
    historyRetentionDays: z.number().int().min(1).max(3650).default(7),
    historyShards: z.number().int().min(1).max(256).default(16),
    burstThreshold: z.number().int().positive().default(20),
    burstWindowSeconds: z.number().int().positive().max(86_400).default(60),
    burstOverrides: z.array(burstOverrideSchema).default([]),
    /** Steps ingest applies to each valid event before dedup: drop, enrich, map, severity (docs/ingest-api.md). */
    ingestMiddleware: z._default(ingestMiddlewareSchema, []),
    /** Auto-resolve: `[{source?, type?, timeoutSeconds}]`, the most specific applies; empty = no sweeper. */
    resolveTimeouts: z.array(resolveTimeoutSchema).default([]),
    /** How long the alerting function reuses the silences it read: a new silence takes effect within it. */
    silenceCacheSeconds: z.number().int().min(0).max(60).default(DEFAULT_SILENCE_CACHE_SECONDS),
    /**
     * How long a normal state event waits in its module's inbox for earlier-produced ones arriving
     * late. 0 (the default) applies each event at once, in arrival order: no wait, ≤ 3 DynamoDB
     * requests per transition; priority then orders only a backlog that really exists (under
     * contention). A window > 0 applies a late, earlier-produced event in producer order, at the price
     * of every normal event's latency being the window (docs/state-machines.md).
     */
    reorderWindowMs: z.number().int().min(0).max(60_000).default(0),
    /** Steady requests/s and burst for the HTTP API's default stage. */
    apiRateLimit: z.number().positive().default(2_000),
    apiBurstLimit: z.number().int().positive().default(5_000),
    logRetentionDays: z.number().int().positive().default(30),
    /** Who hears the alarms: an email subscribed to the alarm topic (confirmed by a link AWS sends). */
    alarmEmail: z.email().optional(),
    /** How long API Gateway caches a producer key's authorization. */
    authorizerCacheSeconds: z.number().int().min(0).max(REVOCATION_BOUND_SECONDS).default(20),
    /** How long the authorizer function itself reuses a key lookup (in a bounded LRU per container). */
    keyCacheSeconds: z.number().int().min(0).max(REVOCATION_BOUND_SECONDS).default(10),
    /** How long one webhook POST may take before it counts as a failed attempt (docs/subscriptions.md). */
    deliveryTimeoutSeconds: z.number().int().min(1).max(25).default(10),
    /** How stale the dispatcher's copy of the subscriptions may be: a change reaches matching within it. */
    subscriptionCacheSeconds: z.number().int().min(0).max(300).default(10),
    /** Test-only: multiplies every `notify` duration (the e2e app sets 0.02); leave it at 1. */
    notifyTimeScale: z.number().min(0.001).max(1).default(1),
  })
  // Both caches can hold a key the moment it is revoked, one after the other: the sum is how long it lives on.
  .refine((c) => c.authorizerCacheSeconds + c.keyCacheSeconds <= REVOCATION_BOUND_SECONDS, {
    path: ['authorizerCacheSeconds'],
    message: `authorizerCacheSeconds + keyCacheSeconds must not exceed ${REVOCATION_BOUND_SECONDS} (a revoked key must stop working within ${REVOCATION_BOUND_SECONDS} s)`,
  })
  // The same rule as the ingest function's environment (lib/core/config.ts), caught at synth
  // instead of at the first cold start after a deploy.
  .refine((c) => c.dedupWindowSeconds <= c.historyRetentionDays * 86_400, {
    path: ['dedupWindowSeconds'],
    message:
      'must not exceed historyRetentionDays × 86,400 s (a duplicate is recognised by its history item)',
  });

export type VigilConfig = z.output<typeof vigilConfigSchema>;

export function configFromContext(node: Node): VigilConfig {
  const raw = node.tryGetContext('vigil');
  const value = typeof raw === 'string' ? JSON.parse(raw) : (raw ?? {});
  const result = vigilConfigSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`CDK context 'vigil.${issue?.path.join('.') ?? ''}': ${issue?.message ?? 'is invalid'}`);
  }
  return result.data;
}
