import middy from '@middy/core';
import type { AdminHttpEvent } from '#lib/aws/admin-route.ts';
import { loadEnv } from '#lib/aws/env.ts';
import { httpErrors } from '#lib/aws/http-errors.ts';
import { createLogger, powertools } from '#lib/aws/observability.ts';
import { dispatchRuleNarrower, subscriptionAdapters } from '#lib/aws/subscription-deps.ts';
import { subscriptionEnvSchema } from '#lib/aws/subscription-env.ts';
import { isScheduledEvent, type ScheduledEvent } from '#lib/aws/subscription-rule.ts';
import { createSubscriptionsHttpHandler } from '#lib/aws/subscriptions-http.ts';
import { startTracing } from '#lib/aws/tracing.ts';
import { newSigningSecret } from '#lib/core/subscriptions/signature.ts';

// First: the clients made below are traced only once tracing has started.
const tracing = await startTracing('subscriptions');
const env = loadEnv(subscriptionEnvSchema, process.env);
const logger = createLogger('subscriptions');
const adapters = subscriptionAdapters(env);
const rule = dispatchRuleNarrower(env, logger, adapters);

const http = createSubscriptionsHttpHandler({
  subscriptions: adapters.subscriptions,
  deliveries: adapters.deliveries,
  enqueue: (messages) => adapters.queue.sendAll(messages),
  newSecret: newSigningSecret,
  now: adapters.now,
  log: logger,
  ...(rule ? { subscriptionsChanged: rule.changed } : {}),
});

/**
 * The subscription admin API (IAM): CRUD, secrets, deliveries, redrive, an event's deliveries; and,
 * on its schedule, the dispatch rule narrowed again (a deploy may have reset it to the catch-all).
 */
export const handler = middy(async (event: AdminHttpEvent | ScheduledEvent) => {
  if (!isScheduledEvent(event)) return http(event);
  await rule?.narrow('schedule');
  return undefined;
})
  .use(tracing.middleware)
  .use(powertools(logger))
  .use(httpErrors(logger));
