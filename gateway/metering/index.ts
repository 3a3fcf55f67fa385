/**
 * Admission (rate limits, quotas) and usage recording, wired into the HTTP front, once per
 * operation: each operation of a batch takes its own token, is checked against the quota with the
 * pulls of the operations before it, and is recorded on its own.
 * Institutions are limited by their plan; anonymous callers per client IP; bearer callers per
 * subject. Every response carries RateLimit-Limit / -Remaining / -Reset (IETF draft names);
 * a refusal is 429 with Retry-After.
 */
import { HeaderMap } from '@apollo/server';
import { CreditGraphError } from '../../lib/errors.ts';
import type { Principal } from '../../lib/caller.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Authenticated, InstitutionPlan } from '../authenticate.ts';
import type { ResponseInfo } from '../http/index.ts';
import type { UsageStore } from '../platform-store.ts';
import { cstDayStart, nextCstMonthStart } from '../../lib/time.ts';
import { RateLimiter, type RateLimitStore } from './rate-limit.ts';
import { UsageRecorder, type UsageEvent } from './usage.ts';
import type { UsageLedger } from './usage-cluster.ts';

export interface MeteringOptions {
  enabled: boolean;
  flushMs: number;
  anonymousRate: { perSecond: number; burst: number };
  subjectRate: { perSecond: number; burst: number };
  now?: () => Date;
  /** Where the token buckets live (default: this process's memory). */
  rateLimits?: RateLimitStore;
  /** Where usage is counted (default: this process, flushed to `store`; a cluster worker: the primary's). */
  usage?: UsageLedger;
}

function rateKey(auth: Authenticated, clientIp: string): string {
  const p = auth.principal;
  switch (p.kind) {
    case 'INSTITUTION': return `i:${p.institutionId}`;
    case 'PERSON': return `p:${p.personId}`;
    case 'ENTERPRISE': return `e:${p.uscc}`;
    case 'OPERATOR': return `o:${p.operatorId}`;
    default: return `ip:${clientIp}`;
  }
}

/** Seconds from `at` until the next CST month starts (a monthly quota's Retry-After). */
const untilNextMonth = (at: Date) => Math.ceil((nextCstMonthStart(at).getTime() - at.getTime()) / 1000);

export function createMetering(store: UsageStore, logger: Logger, opts: MeteringOptions) {
  const limiter: RateLimitStore = opts.rateLimits ?? new RateLimiter();
  const recorder: UsageLedger = opts.usage ?? new UsageRecorder(store, { flushMs: opts.flushMs, logger, now: opts.now });
  const now = () => opts.now?.() ?? new Date();
  if (opts.enabled) recorder.start();

  const admit = async (auth: Authenticated, clientIp: string): Promise<Record<string, string>> => {
    if (!opts.enabled) return {};
    const rate = auth.plan
      ? { perSecond: auth.plan.ratePerSecond, burst: auth.plan.burst }
      : auth.principal.kind === 'ANONYMOUS' ? opts.anonymousRate : opts.subjectRate;
    const state = await limiter.take(rateKey(auth, clientIp), rate.perSecond, rate.burst);
    const headers: Record<string, string> = {
      // Limit = the bucket (burst); Remaining = tokens left; Reset = seconds until it is full.
      // RateLimit-Policy states the refill rate, as the IETF draft's policy field does.
      'ratelimit-policy': `${state.limit};w=${Math.max(1, Math.round(state.limit / rate.perSecond))}`,
      'ratelimit-limit': String(state.limit),
      'ratelimit-remaining': String(state.remaining),
      'ratelimit-reset': String(state.resetSeconds),
    };
    if (!state.allowed) {
      throw new CreditGraphError('RATE_LIMITED', `Over the rate limit of ${rate.perSecond} requests per second (burst ${rate.burst}).`, {
        retryAfterSeconds: state.retryAfterSeconds,
        headers: { ...headers, 'retry-after': String(state.retryAfterSeconds) },
      });
    }
    const plan = auth.plan;
    if (plan && auth.principal.kind === 'INSTITUTION' && (plan.dailyArchivePulls !== null || plan.monthlyArchivePulls !== null)) {
      const used = await recorder.archivePullsUsed(auth.principal.institutionId);
      const at = now();
      let retry: number | null = null;
      let which = '';
      if (plan.dailyArchivePulls !== null && used.day >= plan.dailyArchivePulls) {
        retry = Math.ceil((cstDayStart(at).getTime() + 86_400_000 - at.getTime()) / 1000);
        which = `daily quota of ${plan.dailyArchivePulls} archive pulls`;
      } else if (plan.monthlyArchivePulls !== null && used.month >= plan.monthlyArchivePulls) {
        retry = untilNextMonth(at);
        which = `monthly quota of ${plan.monthlyArchivePulls} archive pulls`;
      }
      if (retry !== null) {
        throw new CreditGraphError('QUOTA_EXCEEDED', `The ${which} is used up (days and months in China Standard Time).`, {
          retryAfterSeconds: retry,
          headers: { ...headers, 'retry-after': String(retry) },
        });
      }
    }
    return headers;
  };

  /**
   * Before an operation that issues `count` credit reports runs (gateway/server.ts): the plan's
   * `monthlyReports`. Over it, the whole operation is refused with QUOTA_EXCEEDED (429, Retry-After
   * until the next CST month), as the HTTP front refuses over the other quotas. Reports do not
   * count against the archive-pull quotas, nor archive pulls against this one.
   */
  const admitReports = async (principal: Principal, plan: InstitutionPlan | null, count: number): Promise<void> => {
    if (!opts.enabled || count === 0 || principal.kind !== 'INSTITUTION' || plan?.monthlyReports == null) return;
    const used = await recorder.reportsUsed(principal.institutionId);
    if (used + count <= plan.monthlyReports) return;
    const retry = untilNextMonth(now());
    throw new CreditGraphError('QUOTA_EXCEEDED',
      `The monthly quota of ${plan.monthlyReports} credit reports is used up (${used} issued this month; months in China Standard Time).`, {
        retryAfterSeconds: retry,
        // Thrown inside Apollo Server (before execution): it takes the status and headers from here.
        http: { status: 429, headers: new HeaderMap([['retry-after', String(retry)]]) },
      });
  };

  /**
   * After each operation, before its answer is written (gateway/http/operation.ts awaits it). Where a
   * quota of the caller's plan counts this answer's pulls or reports, the answer waits until they are
   * counted where the next quota check reads them (usage-cluster.ts `recordCounted`): a client that
   * sends its next request on receiving this answer is checked against it, on whichever worker.
   */
  const onResponse = (info: ResponseInfo): Promise<void> | undefined => {
    if (!opts.enabled || info.auth?.principal.kind !== 'INSTITUTION') return;
    const event: UsageEvent = {
      institutionId: info.auth.principal.institutionId,
      at: now(),
      archivePulls: info.context?.usage.archivePulls ?? 0,
      personRecordPulls: info.context?.usage.personRecordPulls ?? 0,
      reports: info.context?.usage.reports ?? 0,
      rejected: info.refused,
      latencyMs: performance.now() - info.startedAt,
      operationHash: info.context?.usage.operationHash,
      operationName: info.context?.usage.operationName ?? undefined,
      fields: info.context?.usage.fields,
      cached: info.context?.usage.cached ?? false,
    };
    const plan = info.auth.plan;
    const quotaCounts = (event.archivePulls > 0 && (plan?.dailyArchivePulls != null || plan?.monthlyArchivePulls != null))
      || ((event.reports ?? 0) > 0 && plan?.monthlyReports != null);
    if (quotaCounts) return recorder.recordCounted(event);
    recorder.record(event);
  };

  return { admit, admitReports, onResponse, recorder, close: async () => { await recorder.close(); await limiter.close?.(); } };
}
