/**
 * Token buckets in one PostgreSQL table, shared by every gateway (and every worker) that names the
 * same database: a take is one INSERT … ON CONFLICT DO UPDATE, so the row lock orders concurrent
 * takes of one bucket and no two gateways spend the same token. Time is the database server's
 * clock, not each gateway's. The table is UNLOGGED and made here, not by the platform's migrations:
 * buckets are seconds of state that a crash may lose (they come back full), and the database may
 * be one of its own (RATE_LIMIT_DATABASE_URL).
 *
 * When the database does not answer, the take falls back to this process's own buckets (logged):
 * an outage of the limiter's store loosens the limit to one bucket per process instead of refusing
 * every request.
 */
import type { Logger } from '../../lib/logger.ts';
import { pgPool } from '../../lib/db/drivers.ts';
import { bucketState, RateLimiter, type RateLimitState, type RateLimitStore } from './rate-limit.ts';

const TABLE = 'gateway_rate_limit';

const CREATE = `CREATE UNLOGGED TABLE IF NOT EXISTS ${TABLE} (
  key text PRIMARY KEY,
  tokens double precision NOT NULL,
  at double precision NOT NULL,
  per_second double precision NOT NULL,
  burst double precision NOT NULL,
  allowed boolean NOT NULL
)`;

// The bucket refilled up to now (a bucket whose rate or size changed starts full, as in memory).
const refilled = `CASE WHEN b.per_second <> excluded.per_second OR b.burst <> excluded.burst THEN excluded.burst
  ELSE least(excluded.burst, b.tokens + greatest(0, excluded.at - b.at) * excluded.per_second) END`;

const TAKE = `INSERT INTO ${TABLE} AS b (key, tokens, at, per_second, burst, allowed)
  VALUES ($1, $3::float8 - 1, extract(epoch from clock_timestamp())::float8, $2, $3, true)
  ON CONFLICT (key) DO UPDATE SET
    allowed = (${refilled}) >= 1,
    tokens = CASE WHEN (${refilled}) >= 1 THEN (${refilled}) - 1 ELSE (${refilled}) END,
    at = excluded.at, per_second = excluded.per_second, burst = excluded.burst
  RETURNING tokens, allowed`;

// Full buckets carry no state: dropped now and then so the table holds only recent callers.
const SWEEP = `DELETE FROM ${TABLE} WHERE tokens + (extract(epoch from clock_timestamp()) - at) * per_second >= burst`;

export function postgresRateLimits(url: string, logger: Logger, opts: { sweepMs?: number } = {}): RateLimitStore {
  const pool = pgPool(url, { max: 4, onIdleError: (err) => logger.warn({ err }, 'rate limit store closed an idle connection') });
  const local = new RateLimiter();
  let failing = false;
  // Made at the first take (and again after a failure). Two gateways creating the table at once:
  // one of them sees a unique violation on pg_type (23505) or 42P07, and the table is there.
  let made = false;
  const ensureTable = async () => {
    if (made) return;
    await pool.query(CREATE).catch((err: { code?: string }) => { if (err.code !== '23505' && err.code !== '42P07') throw err; });
    made = true;
  };
  const sweep = setInterval(() => { pool.query(SWEEP).catch((err) => logger.warn({ err }, 'rate limit sweep failed')); }, opts.sweepMs ?? 60_000);
  sweep.unref();

  return {
    async take(key: string, perSecond: number, burst: number): Promise<RateLimitState> {
      try {
        await ensureTable();
        const { rows } = await pool.query<{ tokens: number; allowed: boolean }>(TAKE, [key, perSecond, burst]);
        if (failing) logger.info('rate limit store answers again');
        failing = false;
        return bucketState(rows[0]!.tokens, rows[0]!.allowed, perSecond, burst);
      } catch (err) {
        if (!failing) logger.error({ err }, 'rate limit store unavailable: limiting per process until it answers');
        failing = true;
        return local.take(key, perSecond, burst);
      }
    },
    async close() {
      clearInterval(sweep);
      await pool.end();
    },
  };
}
