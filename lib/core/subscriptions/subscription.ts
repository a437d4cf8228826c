import * as z from 'zod/mini';
import { nameSchema, SEVERITIES } from '../envelope.ts';
import {
  type CompiledPattern,
  compilePattern,
  type EventPattern,
  InvalidEventPatternError,
} from '../pattern.ts';
import { addIssue } from '../validation.ts';
import { retryPolicySchema } from './retry-policy.ts';

/** What a subscription matches: `{sources?, types?, severities?}`, short for a pattern on the bus event. */
export const shorthandSchema = z.strictObject({
  sources: z.optional(z.array(nameSchema).check(z.minLength(1), z.maxLength(100))),
  types: z.optional(z.array(nameSchema).check(z.minLength(1), z.maxLength(100))),
  severities: z.optional(z.array(z.enum(SEVERITIES)).check(z.minLength(1))),
});
export type Shorthand = z.output<typeof shorthandSchema>;

const SHORTHAND_KEYS = new Set(['sources', 'types', 'severities']);

/** Whether `match` is the shorthand (only its keys) rather than a full pattern over the bus event. */
export function isShorthand(match: Record<string, unknown>): boolean {
  const keys = Object.keys(match);
  return keys.length > 0 && keys.every((key) => SHORTHAND_KEYS.has(key));
}

/** The shorthand as the EventBridge pattern it stands for, over the event as the bus carries it. */
export function patternOfShorthand(shorthand: Shorthand): EventPattern {
  const detail: Record<string, unknown> = {};
  if (shorthand.sources) detail.source = shorthand.sources;
  if (shorthand.severities) detail.severity = shorthand.severities;
  return {
    ...(shorthand.types ? { 'detail-type': shorthand.types } : {}),
    ...(Object.keys(detail).length > 0 ? { detail } : {}),
    ...(Object.keys(detail).length === 0 && !shorthand.types ? { 'detail-type': [{ exists: true }] } : {}),
  };
}

/** `match` as given → the full pattern, validated; the messages name `match` and the rule. */
const matchSchema = z.pipe(
  z.record(z.string(), z.unknown()),
  z.transform((match: Record<string, unknown>, ctx): EventPattern => {
    if (isShorthand(match)) {
      const parsed = shorthandSchema.safeParse(match);
      if (parsed.success) return patternOfShorthand(parsed.data);
      addIssue(ctx, `shorthand: ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
      return z.NEVER;
    }
    try {
      compilePattern(match);
      return match;
    } catch (error) {
      if (!(error instanceof InvalidEventPatternError)) throw error;
      addIssue(ctx, `is not a valid event pattern: ${error.message}`);
      return z.NEVER;
    }
  }),
);

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** HTTPS anywhere, plain HTTP only to loopback (the local runtime's receivers). */
const urlSchema = z.string().check(
  z.maxLength(2048),
  z.refine((text) => {
    if (!URL.canParse(text)) return false;
    const url = new URL(text);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  }, 'must be an https:// URL (http:// only to 127.0.0.1, localhost or [::1])'),
);

const RESERVED_HEADERS = /^(content-type|content-length|host|vigil-.*)$/i;

const ROUTING_KEY_HEADER = 'x-routing-key';

export const targetSchema = z
  .strictObject({
    url: urlSchema,
    format: z._default(z.enum(['json', 'slack', 'pagerduty']), 'json'),
    /** PagerDuty's integration key (or give it as the `X-Routing-Key` header). */
    routingKey: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
    headers: z._default(
      z
        .record(
          z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a header name')),
          z.string().check(z.maxLength(1024)),
        )
        .check(
          z.refine((headers) => Object.keys(headers).length <= 20, 'must have at most 20 headers'),
          z.refine((headers) => !Object.keys(headers).some((name) => RESERVED_HEADERS.test(name)), {
            message: 'must not set Content-Type, Content-Length, Host or Vigil-* (Vigil sets them)',
          }),
        ),
      {},
    ),
  })
  .check(
    z.refine((target) => target.format !== 'pagerduty' || routingKeyOf(target) !== undefined, {
      path: ['routingKey'],
      message: 'is required for the pagerduty format (or an X-Routing-Key header)',
    }),
  );

/** The PagerDuty routing key of a target: its `routingKey`, else its `X-Routing-Key` header. */
export function routingKeyOf(target: {
  routingKey?: string;
  headers: Record<string, string>;
}): string | undefined {
  if (target.routingKey) return target.routingKey;
  return Object.entries(target.headers).find(([name]) => name.toLowerCase() === ROUTING_KEY_HEADER)?.[1];
}

/** A duration in seconds, at least a minute and at most a week. */
const notifySeconds = z.number().check(z.int(), z.gte(60), z.lte(7 * 86_400));

export const notifySchema = z.strictObject({
  /** Re-notify an alert still `new` this often. */
  repeatInterval: z.optional(notifySeconds),
  /** Hand an alert unacknowledged for `after` seconds to another subscription, in order. */
  escalate: z._default(
    z.array(z.strictObject({ after: notifySeconds, subscription: nameSchema })).check(z.maxLength(10)),
    [],
  ),
});

export const subscriptionRequestSchema = z.strictObject({
  name: nameSchema,
  match: matchSchema,
  target: targetSchema,
  retryPolicy: z._default(retryPolicySchema, retryPolicySchema.parse({})),
  maxInFlight: z._default(z.number().check(z.int(), z.gte(1), z.lte(100)), 10),
  notify: z.optional(notifySchema),
});

export type SubscriptionRequest = z.output<typeof subscriptionRequestSchema>;
export type Target = z.output<typeof targetSchema>;
export type Notify = z.output<typeof notifySchema>;

/** A stored subscription: the request, normalized, with its bookkeeping. The secret is never in it. */
export interface Subscription extends SubscriptionRequest {
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** The subscription's pattern, compiled: what the combined matcher and the one-by-one check run. */
export function compiledMatchOf(subscription: Pick<Subscription, 'match'>): CompiledPattern {
  return compilePattern(subscription.match);
}
