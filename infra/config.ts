import type { Node } from 'constructs';
import { z } from 'zod';
import { resolveTimeoutSchema } from '../lib/core/alerts/auto-resolve.ts';
import { burstOverrideSchema } from '../lib/core/ingest/burst.ts';
import { ingestMiddlewareSchema } from '../lib/core/ingest/middleware.ts';

/**
 * Deploy-time settings. Every field has a default; override with CDK context
 * (`cdk deploy -c vigil='{"historyRetentionDays":30}'` or the `vigil` key of cdk.json).
 */
export const vigilConfigSchema = z.strictObject({
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
  ingestMiddleware: ingestMiddlewareSchema.default([]),
  /** Auto-resolve: `[{source?, type?, timeoutSeconds}]`, the most specific applies; empty = no sweeper. */
  resolveTimeouts: z.array(resolveTimeoutSchema).default([]),
  /** How long a normal state event waits for earlier-sent ones arriving late; 0 turns reordering off. */
  reorderWindowMs: z.number().int().min(0).max(60_000).default(2_000),
  /** Steady requests/s and burst for the HTTP API's default stage. */
  apiRateLimit: z.number().positive().default(2_000),
  apiBurstLimit: z.number().int().positive().default(5_000),
  logRetentionDays: z.number().int().positive().default(30),
  /** Who hears the alarms: an email subscribed to the alarm topic (confirmed by a link AWS sends). */
  alarmEmail: z.email().optional(),
  /** How long API Gateway caches a producer key's authorization. */
  authorizerCacheSeconds: z.number().int().min(0).max(3600).default(300),
  /** How long one webhook POST may take before it counts as a failed attempt (docs/subscriptions.md). */
  deliveryTimeoutSeconds: z.number().int().min(1).max(25).default(10),
  /** How stale the dispatcher's copy of the subscriptions may be: a change reaches matching within it. */
  subscriptionCacheSeconds: z.number().int().min(0).max(300).default(10),
  /** Test-only: multiplies every `notify` duration (the e2e app sets 0.02); leave it at 1. */
  notifyTimeScale: z.number().min(0.001).max(1).default(1),
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
