/**
 * Every cache the gateway keeps, bounded together by bytes (`GATEWAY_CACHE_BYTES`): least
 * recently used entries are dropped once a cache is over its share, and dropping an entry drops
 * the only reference the gateway holds to it. Counting entries would not do: one distinct 18 kB
 * document costs about 3 MB across these caches (issue 20 grew the heap past 4 GB with 3,250).
 *
 * What an entry costs is estimated from what it was made of, with factors measured on the
 * committed supergraph (node --expose-gc, heap after/before building 60 distinct ~22 kB documents
 * of ten aliased archive lookups): a parsed document with locations holds ~46 bytes of heap per
 * character of source, federation's `Operation` of it ~22, a query plan ~24 per byte of its JSON.
 */
import type { DocumentNode, OperationDefinitionNode } from 'graphql';

export class ByteLru<K, V> {
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private used = 0;

  /** `onEvict` hears of every entry dropped to make room (not of those deleted or replaced). */
  constructor(
    readonly maxBytes: number,
    private readonly sizeOf: (value: V, key: K) => number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  get bytes(): number { return this.used; }
  get size(): number { return this.entries.size; }

  /** The key `set` would drop first to make room (the least recently used), without touching it. */
  oldestKey(): K | undefined {
    for (const k of this.entries.keys()) return k;
    return undefined;
  }

  get(key: K): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    // Map keeps insertion order: re-inserting makes the entry the most recently used.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const bytes = Math.max(1, Math.ceil(this.sizeOf(value, key)));
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    for (const [k, e] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(k);
      this.used -= e.bytes;
      this.onEvict?.(k, e.value);
    }
  }

  delete(key: K): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    this.entries.delete(key);
    this.used -= e.bytes;
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }
}

/** Apollo's `KeyValueCache` over a ByteLru (its documentStore, APQ store and the gateway's query plan store). */
export function keyValueCache<V>(lru: ByteLru<string, V>) {
  return {
    get: async (key: string) => lru.get(key),
    set: async (key: string, value: V) => { lru.set(key, value); },
    delete: async (key: string) => lru.delete(key),
    clear: () => lru.clear(),
  };
}

const AST_BYTES_PER_CHAR = 48;
const OPERATION_BYTES_PER_CHAR = 24;
const PLAN_BYTES_PER_JSON_BYTE = 24;

/** Characters of the source a document or operation was parsed from (graphql keeps it in `loc`). */
export function sourceLength(node: DocumentNode | OperationDefinitionNode): number {
  return node.loc?.source.body.length ?? 1_000;
}

export const approximateBytes = {
  document: (doc: DocumentNode) => sourceLength(doc) * AST_BYTES_PER_CHAR,
  operation: (op: OperationDefinitionNode) => sourceLength(op) * OPERATION_BYTES_PER_CHAR,
  queryPlan: (plan: unknown) => JSON.stringify(plan).length * PLAN_BYTES_PER_JSON_BYTE,
  /** A persisted query's text (UTF-16 at worst). */
  text: (s: string) => s.length * 2,
};

/** How the total is shared out; each cache holds its share of GATEWAY_CACHE_BYTES. */
const SHARES = { documents: 0.3, plans: 0.25, queryPlans: 0.25, operations: 0.15, persistedQueries: 0.05 } as const;

export function cacheBudgets(totalBytes: number): Record<keyof typeof SHARES, number> {
  return Object.fromEntries(Object.entries(SHARES).map(([k, share]) => [k, Math.floor(totalBytes * share)])) as Record<keyof typeof SHARES, number>;
}
