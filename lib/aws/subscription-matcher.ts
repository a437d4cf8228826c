import { PatternMachine } from '#lib/core/pattern/machine.ts';
import type { Subscription } from '#lib/core/subscriptions/subscription.ts';

export interface Matcher {
  /** The subscriptions whose `match` accepts the event. */
  matches(event: object): Subscription[];
  /** A subscription by name (escalation targets and resolution audiences need ones that did not match). */
  byName(name: string): Subscription | undefined;
}

/** All subscriptions compiled into one PatternMachine: an event costs its fields, not one check per subscription. */
export function compileMatcher(subscriptions: readonly Subscription[]): Matcher {
  const machine = new PatternMachine();
  const byName = new Map<string, Subscription>();
  for (const subscription of subscriptions) {
    machine.add(subscription.name, subscription.match);
    byName.set(subscription.name, subscription);
  }
  return {
    matches: (event) => machine.matches(event).flatMap((name) => byName.get(name) ?? []),
    byName: (name) => byName.get(name),
  };
}

/**
 * The matcher over the subscriptions as they were at most `ttlMs` ago: one Query of the subscription
 * partition per `ttlMs` per warm function, and the machine rebuilt only when a subscription changed.
 */
export function cachedMatcher(
  load: () => Promise<readonly Subscription[]>,
  ttlMs: number,
  now: () => number,
): () => Promise<Matcher> {
  let cached: { matcher: Matcher; signature: string; loadedAt: number } | undefined;
  return async () => {
    if (cached && now() - cached.loadedAt < ttlMs) return cached.matcher;
    const subscriptions = await load();
    const signature = subscriptions.map((s) => `${s.name}@${s.version}`).join(',');
    const matcher = cached?.signature === signature ? cached.matcher : compileMatcher(subscriptions);
    cached = { matcher, signature, loadedAt: now() };
    return matcher;
  };
}
