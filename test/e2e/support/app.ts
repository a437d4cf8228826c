import { synthE2eApp } from './e2e-stack.ts';

/** The end-to-end suite's app: Vigil plus probes, with caches and timings short enough for tests. */
synthE2eApp({
  // Short key caches, so that the revocation test waits seconds; the defaults (20 s + 10 s) are
  // checked on the template in test/infra/revocation.test.ts.
  authorizerCacheSeconds: 4,
  keyCacheSeconds: 2,
  // Subscription tests: a new subscription matches at once, and a hanging receiver fails in 2 s.
  subscriptionCacheSeconds: 0,
  deliveryTimeoutSeconds: 2,
  // Notify durations × 0.02: a 60 s repeatInterval is 1.2 s, a 120 s escalation 2.4 s.
  notifyTimeScale: 0.02,
});
