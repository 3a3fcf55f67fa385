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

  it('asks a refused caller to wait until one whole token is back, at least a second', () => {
    let t = 0;
    const rl = new RateLimiter(() => t);
    rl.take('slow', 0.5, 1);
    expect(rl.take('slow', 0.5, 1)).toMatchObject({ allowed: false, retryAfterSeconds: 2 });
    rl.take('k', 1, 1);
    t = 500; // half a token back: half a second to wait, rounded up to one
    expect(rl.take('k', 1, 1)).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
  });

  it('starts a fresh bucket when the plan changes', () => {
    const rl = new RateLimiter(() => 0);
    rl.take('bank', 1, 1);
    expect(rl.take('bank', 1, 1).allowed).toBe(false);
    expect(rl.take('bank', 1, 3)).toMatchObject({ allowed: true, remaining: 2 });
    expect(rl.take('bank', 2, 3)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('forgets a refilled bucket before an older spent one, a bucket being refilled at exactly its burst', () => {
    let t = 0;
    const rl = new RateLimiter(() => t, 2);
    for (const k of ['a', 'a', 'b', 'b']) rl.take(k, 2, 2); // both spent at t = 0
    t = 1_000; // 2 tokens a second: both full again
    rl.take('a', 2, 2);
    rl.take('a', 2, 2); // 'a' (the older) spent again; 'b' full
    rl.take('c', 2, 2); // over 2 keys: 'b' goes, not the older 'a'
    expect(rl.take('a', 2, 2).allowed).toBe(false);
  });

  it('forgets refilled buckets first when it holds too many keys, then the oldest', () => {
    let t = 0;
    const rl = new RateLimiter(() => t, 2);
    rl.take('a', 1, 1);
    rl.take('b', 1, 1);
    t = 1_000; // 'a' and 'b' are full again
    rl.take('b', 1, 1); // 'b' is spent again; 'a' is full
    rl.take('c', 1, 1); // over 2 keys: 'a' (full) goes, 'b' stays spent
    expect(rl.take('b', 1, 1).allowed).toBe(false);
    rl.take('d', 1, 1); // 'b' and 'c' are spent: the oldest ('b') goes
    expect(rl.take('c', 1, 1).allowed).toBe(false);
    expect(rl.take('b', 1, 1).allowed).toBe(true);
  });
});
