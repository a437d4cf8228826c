import * as z from 'zod/mini';
import { mostSpecificRule } from '../scoped-rules.ts';
import type { Alert } from './alert.ts';
import { isOpen } from './lifecycle.ts';

/** Who resolved an alert the sweep found quiet: recorded as `resolvedBy`. */
export const AUTO_RESOLVER = 'vigil:auto-resolve';

/**
 * `resolveTimeouts` (config): an open alert whose fingerprint saw no event for `timeoutSeconds` is
 * resolved by the sweep. Scoped like burst overrides; one naming neither source nor type is the default.
 */
export const resolveTimeoutSchema = z.strictObject({
  source: z.optional(z.string().check(z.minLength(1))),
  type: z.optional(z.string().check(z.minLength(1))),
  timeoutSeconds: z.number().check(z.int(), z.gte(60), z.lte(90 * 86_400)),
});
export type ResolveTimeout = z.output<typeof resolveTimeoutSchema>;

/** The timeout that applies to an alert, if any: alerts no rule covers stay open until someone resolves them. */
export function resolveTimeoutFor(
  alert: Pick<Alert, 'source' | 'type'>,
  timeouts: readonly ResolveTimeout[],
): number | undefined {
  return mostSpecificRule(timeouts, alert.source, alert.type)?.timeoutSeconds;
}

/**
 * Quiet for longer than its timeout, measured from `lastSeenAt` (the latest event's own `time`, as
 * the alert shows it). An alert at exactly the timeout is not yet quiet.
 */
export function isQuiet(
  alert: Pick<Alert, 'state' | 'source' | 'type' | 'lastSeenAt'>,
  timeouts: readonly ResolveTimeout[],
  nowMs: number,
): boolean {
  const timeout = resolveTimeoutFor(alert, timeouts);
  if (timeout === undefined || !isOpen(alert.state)) return false;
  return nowMs - Date.parse(alert.lastSeenAt) > timeout * 1000;
}

export function autoResolveNote(alert: Pick<Alert, 'lastSeenAt'>, timeoutSeconds: number): string {
  return `no event since ${alert.lastSeenAt} (resolve timeout ${timeoutSeconds} s)`;
}
