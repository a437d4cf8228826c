import middy from '@middy/core';
import { loadEnv } from '#lib/aws/env.ts';
import { httpErrors } from '#lib/aws/http-errors.ts';
import { createLogger, powertools } from '#lib/aws/observability.ts';
import { subscriptionAdapters } from '#lib/aws/subscription-deps.ts';
import { subscriptionEnvSchema } from '#lib/aws/subscription-env.ts';
import { createSubscriptionsHttpHandler } from '#lib/aws/subscriptions-http.ts';
import { startTracing } from '#lib/aws/tracing.ts';
import { newSigningSecret } from '#lib/core/subscriptions/signature.ts';

// First: the clients made below are traced only once tracing has started.
const tracing = await startTracing('subscriptions');
const env = loadEnv(subscriptionEnvSchema, process.env);
const logger = createLogger('subscriptions');
const adapters = subscriptionAdapters(env);

/** The subscription admin API (IAM): CRUD, secrets, deliveries, redrive, an event's deliveries. */
export const handler = middy(
  createSubscriptionsHttpHandler({
    subscriptions: adapters.subscriptions,
    deliveries: adapters.deliveries,
    enqueue: (messages) => adapters.queue.sendAll(messages),
    newSecret: newSigningSecret,
    now: adapters.now,
    log: logger,
  }),
)
  .use(tracing.middleware)
  .use(powertools(logger))
  .use(httpErrors(logger));
