import * as z from 'zod/mini';
import { coercedNumber } from '../core/zod-parts.ts';
import { nonEmpty, positiveInt } from './env.ts';

/** The environment of the subscriptions, dispatch and deliver functions (set by infra/constructs/subscriptions.ts). */
export const subscriptionEnvSchema = z.object({
  SUBSCRIPTIONS_TABLE_NAME: nonEmpty,
  DELIVERY_QUEUE_URL: nonEmpty,
  /** How long one POST to a receiver may take. */
  DELIVERY_TIMEOUT_MS: positiveInt(10_000),
  /** How stale the dispatcher's copy of the subscriptions may be. */
  SUBSCRIPTION_CACHE_MS: z._default(coercedNumber().check(z.int(), z.gte(0)), 10_000),
  /** The Alerts table, where `deliver` reads whether an alert is still `new` (notification plans). */
  ALERTS_TABLE_NAME: z.optional(z.string().check(z.minLength(1))),
  /** The dispatch rule the admin function narrows (its ARN names the rule and its bus); absent elsewhere. */
  DISPATCH_RULE_ARN: z.optional(z.string().check(z.minLength(1))),
  /** 1 in every deployment; the e2e app alone shrinks notify durations with it (docs/subscriptions.md). */
  NOTIFY_TIME_SCALE: z._default(coercedNumber().check(z.positive(), z.lte(1)), 1),
});
export type SubscriptionEnv = z.output<typeof subscriptionEnvSchema>;
