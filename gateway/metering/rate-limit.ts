/**
 * Token buckets: `perSecond` tokens refill continuously up to `burst`. One bucket per institution,
 * per anonymous client IP, per bearer subject. `RateLimiter` keeps them in this process's memory;
 * the workers of one gateway share the primary's (./rate-limit-cluster.ts) and several gateways
 * share a PostgreSQL table (./rate-limit-postgres.ts): the same buckets, the same headers.
 */
export interface RateLimitState {
  allowed: boolean;
  /** The bucket's size (burst): as many requests as can be made at once (RateLimit-Limit). */
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again (RateLimit-Reset). */
  resetSeconds: number;
  /** Seconds until one token is available (Retry-After), when refused. */
  retryAfterSeconds: number;
}

/** Where the buckets live: admission takes one token per operation from the caller's bucket. */
export interface RateLimitStore {
  take(key: string, perSecond: number, burst: number): RateLimitState | Promise<RateLimitState>;
  close?(): Promise<void>;
}

/** The headers' figures from a bucket's tokens after a take (`allowed`: one was taken). */
export function bucketState(tokens: number, allowed: boolean, perSecond: number, burst: number): RateLimitState {
  return {
    allowed,
    limit: burst,
    remaining: Math.floor(tokens),
    resetSeconds: Math.ceil((burst - tokens) / perSecond),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / perSecond)),
  };
}

interface Bucket { tokens: number; at: number; perSecond: number; burst: number }

export class RateLimiter implements RateLimitStore {
  private buckets = new Map<string, Bucket>();
  constructor(private readonly now: () => number = () => performance.now(), private readonly maxKeys = 100_000) {}

  take(key: string, perSecond: number, burst: number): RateLimitState {
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b || b.perSecond !== perSecond || b.burst !== burst) {
      b = { tokens: burst, at: t, perSecond, burst };
      if (this.buckets.size >= this.maxKeys) this.evictFull(t);
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * perSecond);
      b.at = t;
    }
    const allowed = b.tokens >= 1;
    if (allowed) b.tokens -= 1;
    return bucketState(b.tokens, allowed, perSecond, burst);
  }

  /** Drops buckets that have refilled (they carry no state worth keeping). */
  private evictFull(t: number) {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((t - b.at) / 1000) * b.perSecond >= b.burst) this.buckets.delete(k);
    }
    if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
  }
}
