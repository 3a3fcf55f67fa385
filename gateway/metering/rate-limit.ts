/**
 * Token buckets: `perSecond` tokens refill continuously up to `burst`. One bucket per institution,
 * per anonymous client IP, per bearer subject. In memory, per gateway process (a fleet of N
 * gateways behind a balancer admits at most N × the rate; quotas, by contrast, are shared).
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

interface Bucket { tokens: number; at: number; perSecond: number; burst: number }

export class RateLimiter {
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
    const remaining = Math.floor(b.tokens);
    return {
      allowed,
      limit: burst,
      remaining,
      resetSeconds: Math.ceil((burst - b.tokens) / perSecond),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - b.tokens) / perSecond)),
    };
  }

  /** Drops buckets that have refilled (they carry no state worth keeping). */
  private evictFull(t: number) {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((t - b.at) / 1000) * b.perSecond >= b.burst) this.buckets.delete(k);
    }
    if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
  }
}
