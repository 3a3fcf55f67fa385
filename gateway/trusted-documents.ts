/**
 * Trusted documents: an institution an operator restricted (`restrictToTrustedDocuments`) may run
 * only the operations on its list (`addTrustedDocuments`), which it names by hash in
 * `extensions.persistedQuery.sha256Hash` (or sends in full: the document's sha256 is the same).
 * Anything else is refused UNTRUSTED_DOCUMENT (403) before it is planned or run, and before Apollo
 * Server's automatic persisted queries could register it.
 *
 * A client sending only the hash of a trusted document needs no registration round trip: the APQ
 * cache falls back to the stored documents (`withTrustedDocuments`). Each institution's list is
 * read once per API_KEY_CACHE_MS (a change takes effect within that time on every gateway).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { CreditGraphError } from '../lib/errors.ts';
import type { Principal } from '../lib/caller.ts';
import type { GatewayContext } from './server.ts';

export interface TrustedDocumentStore {
  /** The hashes an institution may run; null when it is not restricted. */
  trustedHashes(institutionId: string): Promise<Set<string> | null>;
  /** A trusted document's text by its hash; null when none has it. */
  trustedDocument(hash: string): Promise<string | null>;
}

const APQ_PREFIX = 'apq:'; // Apollo Server's prefix for persisted queries in its `cache`

export function createTrustedDocuments(store: TrustedDocumentStore, ttlMs: number, now = () => Date.now()) {
  const lists = new Map<string, { at: number; value: Promise<Set<string> | null> }>();
  const hashesOf = (institutionId: string) => {
    const hit = lists.get(institutionId);
    if (hit && now() - hit.at < ttlMs) return hit.value;
    const value = store.trustedHashes(institutionId);
    value.catch(() => lists.delete(institutionId)); // a failed read is retried by the next request
    lists.set(institutionId, { at: now(), value });
    return value;
  };

  /** Whether `principal` may run the document whose text has this sha256. */
  const mayRun = async (principal: Principal, queryHash: string | undefined): Promise<boolean> => {
    if (principal.kind !== 'INSTITUTION') return true;
    const trusted = await hashesOf(principal.institutionId);
    return trusted === null || (queryHash !== undefined && trusted.has(queryHash));
  };

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          // rc.queryHash is the sha256 of the document's text, whether sent or looked up by hash.
          if (await mayRun(rc.contextValue.principal, rc.queryHash)) return;
          throw new CreditGraphError('UNTRUSTED_DOCUMENT',
            'This institution may run only its trusted documents: send one by its hash in extensions.persistedQuery.', { http: { status: 403 } });
        },
      };
    },
  };

  /** Apollo Server's cache with the trusted documents behind its persisted queries. */
  const withTrustedDocuments = <C extends { get(key: string): Promise<string | undefined> }>(cache: C): C => ({
    ...cache,
    async get(key: string) {
      const cached = await cache.get(key);
      if (cached !== undefined || !key.startsWith(APQ_PREFIX)) return cached;
      return (await store.trustedDocument(key.slice(APQ_PREFIX.length))) ?? undefined;
    },
  });

  return { plugin, withTrustedDocuments, mayRun };
}
