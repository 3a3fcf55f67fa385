/**
 * The response cache around the gateway's executor. It runs after admission (rate limits and
 * quotas are taken in the HTTP front before Apollo Server is called) and after the analysis, which
 * decided whether the operation is cacheable (disclosure.ts). A hit records the same usage a
 * computed answer would (the archive pulls counted when it was computed) and marks it as cached;
 * a miss runs the operation and stores its answer when it is complete (no errors: a timeout or a
 * refusal is never kept). A mutation through this gateway drops everything once it has run: the
 * change log tells every other gateway (follow.ts), this one answers its caller's next read fresh.
 *
 * Most hits never get here: a POST whose answer is kept is served at the door (front-door.ts),
 * which looks up the same key; a request it looked up in vain is not looked up again here.
 */
import { todayCST } from '../../lib/time.ts';
import type { Principal } from '../../lib/caller.ts';
import { recordPulls, type OperationUsage } from '../metering/operation-usage.ts';
import { disclosureClassOf, subjectsOf, type Cacheability, type DisclosureClass } from './disclosure.ts';
import type { CachedAnswer, ResponseCache } from './response-cache.ts';

/** What a cached answer stands for: the caller's class, the CST day, the document and its inputs. */
export function cacheKey(cls: DisclosureClass, queryHash: string | undefined, operationName: string | null | undefined, variables: unknown): string {
  // The CST day is part of the key: publicity periods and ratings turn at midnight.
  return `${cls}|${todayCST()}|${queryHash}|${operationName ?? ''}|${JSON.stringify(variables ?? {})}`;
}

export interface CacheableRequest {
  queryHash?: string;
  request: { operationName?: string | null; variables?: Record<string, unknown> | null };
  /** The operation's name as resolved from the document (also when the request named none). */
  operationName?: string | null;
  operation?: { operation: string } | null;
  context: { principal: Principal; usage: OperationUsage };
}

export type Run<Rc, R> = (rc: Rc) => Promise<R>;

export interface CacheWiring<Rc> {
  /** The operation's cacheability, from its plan (null: never cached). */
  cacheability(rc: Rc): Cacheability | null;
  /** Whether metering counts this caller's pulls (an institution). */
  metered(rc: Rc): boolean;
}

/** The body Apollo Server writes for a result without errors (its prettyJSONStringify). */
export const answerBody = (data: Record<string, unknown>): string => `${JSON.stringify({ data })}\n`;

/** Bodies already made for a result's data: to keep it in the cache, or read from it. */
const bodies = new WeakMap<object, string>();

/**
 * Apollo Server's `stringifyResult`: a result without errors or extensions whose body this cache
 * already made (stored, or served from inside Apollo Server) goes out as that text instead of being
 * stringified a second time (a page of 50 enterprises: ~100 kB of JSON, 3–5% of the gateway's CPU).
 */
export function stringifyResult(value: { data?: unknown; errors?: unknown; extensions?: unknown }): string {
  const made = value.errors === undefined && value.extensions === undefined && typeof value.data === 'object' && value.data !== null
    ? bodies.get(value.data) : undefined;
  return made ?? `${JSON.stringify(value)}\n`;
}

export function answerFromCache<Rc extends CacheableRequest, R extends { data?: Record<string, unknown> | null; errors?: readonly unknown[] }>(
  cache: ResponseCache, run: Run<Rc, R>, w: CacheWiring<Rc>,
): Run<Rc, R | { data: Record<string, unknown> }> {
  return async (rc) => {
    if (rc.operation?.operation === 'mutation') {
      try { return await run(rc); } finally { cache.clear(); }
    }
    const cls = disclosureClassOf(rc.context.principal);
    const cacheability = cls && w.cacheability(rc);
    if (!cls || !cacheability) return run(rc);
    const variables = rc.request.variables ?? {};
    const key = cacheKey(cls, rc.queryHash, rc.request.operationName, variables);
    const metered = w.metered(rc);
    const hit = rc.context.usage.cacheLookedUp ? undefined : cache.get(key);
    if (hit && (!metered || hit.metered)) {
      if (hit.metered && metered) recordPulls(rc.context.usage, hit.metered, rc.queryHash);
      rc.context.usage.cached = true;
      const text = hit.body.toString('utf8');
      const { data } = JSON.parse(text) as { data: Record<string, unknown> };
      bodies.set(data, text);
      return { data };
    }
    const startedAt = cache.epoch;
    const result = await run(rc);
    const data = result.data;
    if (data && !result.errors?.length) {
      const u = rc.context.usage;
      cache.set(key, (): CachedAnswer => {
        const text = answerBody(data);
        bodies.set(data, text);
        return {
          body: Buffer.from(text, 'utf8'),
          metered: metered
            ? { archivePulls: u.archivePulls, personRecordPulls: u.personRecordPulls, fields: u.fields, operationName: rc.request.operationName ?? rc.operationName ?? null }
            : null,
        };
      }, subjectsOf(cacheability, variables), startedAt);
    }
    return result;
  };
}
