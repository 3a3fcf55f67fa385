/**
 * The workers of one gateway share the primary's token buckets (gateway/cluster.ts): a take is one
 * round trip over the cluster's IPC channel to a `RateLimiter` in the primary, so N workers admit
 * the rate once, not N times, and answer with the same RateLimit-* headers as one process.
 */
import { callPrimary } from '../cluster.ts';
import type { RateLimiter, RateLimitState, RateLimitStore } from './rate-limit.ts';

/** In a worker: the buckets of the primary. */
export function clusterRateLimits(): RateLimitStore {
  return { take: (key, perSecond, burst) => callPrimary<RateLimitState>('rateLimit.take', [key, perSecond, burst]) };
}

/** In the primary: what the workers' `clusterRateLimits` call. */
export function rateLimitHandlers(limiter: RateLimiter) {
  return { 'rateLimit.take': (key: string, perSecond: number, burst: number) => limiter.take(key, perSecond, burst) };
}
