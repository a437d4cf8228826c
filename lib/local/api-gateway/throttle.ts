export interface ThrottleLimits {
  /** Steady-state requests per second. */
  readonly rateLimit: number;
  /** Bucket capacity: how many requests may arrive at once. */
  readonly burstLimit: number;
}

/** Token bucket: starts full at `burstLimit`, refills at `rateLimit` tokens per second. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly limits: ThrottleLimits,
    private readonly now: () => number,
  ) {
    this.tokens = limits.burstLimit;
    this.updatedAt = now();
  }

  tryTake(): boolean {
    const at = this.now();
    const elapsedSeconds = Math.max(0, at - this.updatedAt) / 1000;
    this.tokens = Math.min(this.limits.burstLimit, this.tokens + elapsedSeconds * this.limits.rateLimit);
    this.updatedAt = at;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * The stage's default route throttling: every route gets its own bucket with the same limits, as
 * `DefaultRouteSettings` does. No limits → nothing is throttled.
 */
export class RouteThrottle {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly limits: ThrottleLimits | undefined,
    private readonly now: () => number,
  ) {}

  allows(routeKey: string): boolean {
    if (!this.limits) return true;
    let bucket = this.buckets.get(routeKey);
    if (!bucket) {
      bucket = new TokenBucket(this.limits, this.now);
      this.buckets.set(routeKey, bucket);
    }
    return bucket.tryTake();
  }
}
