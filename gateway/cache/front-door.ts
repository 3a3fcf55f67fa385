/**
 * Cached answers served at the door: after authentication and admission (rate limits and quotas
 * are taken first, as for every request), before Apollo Server. A hit there costs a hash of the
 * document and one map lookup, not Apollo Server's request pipeline (parsing from its store,
 * validation, variable coercion, plugins, the analysis lookup, result serialisation), which was
 * ~2.3 ms of the gateway's CPU per hit inside the executor (README, issue 18).
 *
 * Serving is safe without any of those steps because an entry exists only for a request that went
 * through them all with the same key (executor.ts): the same document (its sha256, as Apollo
 * Server's `queryHash`), operation name and variables text, the same disclosure class and CST day.
 * That request's document parsed, validated, stayed within the limits, named one operation, and
 * its variables coerced; its analysis withheld nothing from the class and touched only public
 * archive (disclosure.ts). What still depends on the caller is done here as there: an institution
 * restricted to trusted documents runs only those (else Apollo Server refuses it), a metered
 * caller is counted the archive pulls of the computed answer (and served only an entry that has
 * them), and the usage says the answer was cached.
 *
 * Only a plain POST of `{query, operationName?, variables?}` is looked up; a GET, a persisted-query
 * hash or any other extension goes through Apollo Server (where the executor looks the key up).
 */
import { hash } from 'node:crypto';
import type { Principal } from '../../lib/caller.ts';
import { recordPulls, type OperationUsage } from '../metering/operation-usage.ts';
import { cacheKey } from './executor.ts';
import { disclosureClassOf } from './disclosure.ts';
import type { ResponseCache } from './response-cache.ts';

export interface DoorRequest {
  method: string;
  /** One operation's parameters as the client sent them (a POST body or one element of a batch). */
  body: unknown;
  principal: Principal;
  usage: OperationUsage;
}

export interface FrontDoorOptions {
  /** Whether metering counts this caller's pulls (an institution, with metering on). */
  metered(principal: Principal): boolean;
  /** Whether this caller may run the document with this sha256 (trusted documents); absent: anyone may. */
  mayRun?(principal: Principal, queryHash: string): Promise<boolean>;
}

/** The plain parameters of one operation, or null for anything the door leaves to Apollo Server. */
function plainParameters(body: unknown): { query: string; operationName: string | null; variables: unknown } | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const { query, operationName, variables, ...rest } = body as Record<string, unknown>;
  if (typeof query !== 'string' || Object.keys(rest).length > 0) return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
  return { query, operationName: operationName ?? null, variables: variables ?? {} };
}

/**
 * The door: `answer` returns the body to send for a kept answer (and fills `usage` as the executor
 * would), or null: the request goes on to Apollo Server, marked as already looked up.
 */
export function frontDoor(cache: ResponseCache, opts: FrontDoorOptions) {
  return {
    /** Answers served at the door (the cache's own stats count every hit, here or in the executor). */
    stats: { served: 0 },
    async answer(r: DoorRequest): Promise<Buffer | null> {
      if (r.method !== 'POST') return null;
      const cls = disclosureClassOf(r.principal);
      const params = cls && plainParameters(r.body);
      if (!cls || !params) return null;
      const queryHash = hash('sha256', params.query, 'hex');
      if (opts.mayRun && !(await opts.mayRun(r.principal, queryHash))) return null;
      const hit = cache.get(cacheKey(cls, queryHash, params.operationName, params.variables));
      r.usage.cacheLookedUp = true;
      const metered = opts.metered(r.principal);
      if (!hit || (metered && !hit.metered)) return null;
      if (metered && hit.metered) recordPulls(r.usage, hit.metered, queryHash);
      r.usage.cached = true;
      this.stats.served++;
      return hit.body;
    },
  };
}

export type FrontDoor = ReturnType<typeof frontDoor>;
