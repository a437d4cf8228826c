import type { Node } from 'constructs';
import { z } from 'zod';
import { resolveTimeoutSchema } from '#lib/core/alerts/auto-resolve.ts';
import { DEFAULT_SILENCE_CACHE_SECONDS } from '#lib/core/alerts/silence-cache.ts';
import { burstOverrideSchema } from '#lib/core/ingest/burst.ts';
import { ingestMiddlewareSchema } from '#lib/core/ingest/middleware.ts';
import { REVOCATION_BOUND_SECONDS } from '#lib/core/producer-keys.ts';

/** The deployment stages: `cdk deploy -c stage=dev|prod` (docs/operations.md). */
export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];
/** Without `-c stage`: what the local runtime, the tests and a bare `cdk synth` build. */
export const DEFAULT_STAGE: Stage = 'dev';

/**
 * Deploy-time settings. Every field has a default (the dev stage's); a stage's own defaults
 * (STAGE_DEFAULTS) apply on top, and the `vigil` CDK context on top of both
 * (`cdk deploy -c stage=prod -c vigil='{"historyRetentionDays":90}'` or the `vigil` key of cdk.json).
 */
export const vigilConfigSchema = z
  .strictObject({
    /** Set from `-c stage`, never inside `vigil`: names the stack (Vigil-<stage>) and tags every resource `vigil:stage`. */
    stage: z.enum(STAGES).default(DEFAULT_STAGE),
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
    /**
     * Every function's application log level: Lambda's advanced logging controls drop lines below it
     * at the service (LoggingConfig.ApplicationLogLevel) and set AWS_LAMBDA_LOG_LEVEL, which
     * Powertools Logger follows (docs/operations.md, "Logs").
     */
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('DEBUG'),
    /**
     * Which of Lambda's own records reach CloudWatch Logs (LoggingConfig.SystemLogLevel): INFO keeps
     * platform.start and platform.report (duration, billed duration, max memory, init duration) for
     * every invocation; WARN drops them, and the same numbers stay in Lambda's metrics
     * (docs/scaling.md prices the difference, docs/operations.md says where to read them).
     */
    systemLogLevel: z.enum(['DEBUG', 'INFO', 'WARN']).default('INFO'),
    /** What deleting the stack does to the tables: `retain` keeps them (and their data), `destroy` deletes them. */
    tableRemovalPolicy: z.enum(['retain', 'destroy']).default('destroy'),
    /** DynamoDB deletion protection on every table: a delete fails until it is turned off. */
    deletionProtection: z.boolean().default(false),
    /** Point-in-time recovery (35 days of continuous backups) on every table. */
    pointInTimeRecovery: z.boolean().default(false),
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
  // The same rule as the ingest function's environment (lib/aws/ingest-env.ts), caught at synth
  // instead of at the first cold start after a deploy.
  .refine((c) => c.dedupWindowSeconds <= c.historyRetentionDays * 86_400, {
    path: ['dedupWindowSeconds'],
    message:
      'must not exceed historyRetentionDays × 86,400 s (a duplicate is recognised by its history item)',
  })
  // A protected table cannot be deleted: a stack that would delete it could never be torn down.
  .refine((c) => !(c.deletionProtection && c.tableRemovalPolicy === 'destroy'), {
    path: ['deletionProtection'],
    message: 'needs tableRemovalPolicy "retain" (a stack delete cannot remove a protected table)',
  });

export type VigilConfig = z.output<typeof vigilConfigSchema>;

type ConfigInput = z.input<typeof vigilConfigSchema>;

/** What each stage sets beyond the schema's defaults (which are dev's); the table is in docs/operations.md. */
export const STAGE_DEFAULTS: Record<Stage, Omit<ConfigInput, 'stage'>> = {
  dev: {},
  prod: {
    historyRetentionDays: 30,
    logRetentionDays: 365,
    logLevel: 'INFO',
    systemLogLevel: 'WARN',
    tableRemovalPolicy: 'retain',
    deletionProtection: true,
    pointInTimeRecovery: true,
  },
};

/** The stage's settings with `overrides` on top, validated: an error names the setting (`vigil.<name>`). */
export function configForStage(stage: Stage, overrides: Omit<ConfigInput, 'stage'> = {}): VigilConfig {
  const result = vigilConfigSchema.safeParse({ ...STAGE_DEFAULTS[stage], ...overrides, stage });
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `CDK context 'vigil.${issue?.path.join('.') ?? ''}': ${issue?.message ?? 'is invalid'} (stage ${stage})`,
    );
  }
  return result.data;
}

export function stageFromContext(node: Node): Stage {
  const raw: unknown = node.tryGetContext('stage') ?? DEFAULT_STAGE;
  const stage = STAGES.find((s) => s === raw);
  if (!stage)
    throw new Error(`CDK context 'stage': must be one of ${STAGES.join(', ')} (got ${JSON.stringify(raw)})`);
  return stage;
}

function overridesFromContext(node: Node): Record<string, unknown> {
  const raw: unknown = node.tryGetContext('vigil');
  let value: unknown = raw ?? {};
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new Error(`CDK context 'vigil': not valid JSON (${(error as Error).message})`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`CDK context 'vigil': must be a JSON object of settings`);
  if ('stage' in value) throw new Error(`CDK context 'vigil.stage': choose the stage with -c stage=dev|prod`);
  return value as Record<string, unknown>;
}

/** The settings of `-c stage` (default dev) with `-c vigil` on top. */
export function configFromContext(node: Node): VigilConfig {
  return configForStage(stageFromContext(node), overridesFromContext(node));
}
