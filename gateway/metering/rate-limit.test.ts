import { describe, expect, it } from '@jest/globals';
import { RateLimiter } from './rate-limit.ts';

describe('RateLimiter', () => {
  it('admits a burst, then refuses until tokens refill at the rate', () => {
    let t = 0;
    const rl = new RateLimiter(() => t);
    const results = Array.from({ length: 6 }, () => rl.take('bank', 2, 5).allowed);
    expect(results).toEqual([true, true, true, true, true, false]);
    const refused = rl.take('bank', 2, 5);
    expect(refused.retryAfterSeconds).toBe(1);
    t += 500; // half a second at 2/s: one token
    expect(rl.take('bank', 2, 5).allowed).toBe(true);
    expect(rl.take('bank', 2, 5).allowed).toBe(false);
  });

  it('keeps separate buckets per key', () => {
    const t = 0;
    const rl = new RateLimiter(() => t);
    expect(rl.take('a', 1, 1).allowed).toBe(true);
    expect(rl.take('a', 1, 1).allowed).toBe(false);
    expect(rl.take('b', 1, 1).allowed).toBe(true);
  });

  it('reports limit, remaining and reset for the RateLimit headers', () => {
    const rl = new RateLimiter(() => 0);
    expect(rl.take('k', 10, 20)).toEqual({ allowed: true, limit: 20, remaining: 19, resetSeconds: 1, retryAfterSeconds: 0 });
  });
});
