/**
 * `@apollo/gateway` caches query plans, but rebuilds the federation `Operation` of the request's
 * document on every request (`executeQueryPlan` → `operationFromDocument`, to shape the response):
 * 3% of the gateway's CPU on a small query, 12% on a whole archive (profiled, bench/README.md).
 * The document is the same object for every request of the same query (Apollo Server keeps parsed
 * documents by query hash; the plan cache keeps the rewritten ones), so the `Operation` is kept
 * per operation definition and reused; it is only read afterwards. The kept operations are bounded
 * by bytes (caches.ts): an `Operation` of an 18 kB document holds ~0.4 MB.
 *
 * Only the call `executeQueryPlan` makes is memoised (validation off, no operation name, the
 * operation first); every other call goes to the original. The export patched belongs to
 * `@apollo/federation-internals`, pinned in package.json to the version @apollo/gateway uses;
 * `installed` says whether the patch took (a test fails when it no longer does).
 */
import { createRequire } from 'node:module';
import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { approximateBytes, ByteLru } from './caches.ts';

type OperationFromDocument = (schema: object, document: DocumentNode, options?: { validate?: boolean; operationName?: string }) => unknown;

const require = createRequire(import.meta.url);
const MEMO = Symbol.for('creditgraph.operationFromDocument');

interface Kept { schema: object; definitions: number; operation: unknown }

/**
 * The process-wide store the patched export reads. It hangs on the patched export itself, not in
 * this module: a second copy of this module (a test runner's registry per file) must find the store
 * the installed patch reads, or it would size one nobody reads.
 */
interface Store { kept: ByteLru<OperationDefinitionNode, Kept> }
type Patched = OperationFromDocument & { [MEMO]?: Store };

export function memoizeOperationFromDocument(maxBytes: number): { installed: boolean; cache: ByteLru<OperationDefinitionNode, Kept> } {
  const kept = new ByteLru<OperationDefinitionNode, Kept>(maxBytes, (_, op) => approximateBytes.operation(op));
  const operations = require('@apollo/federation-internals/dist/operations.js') as { operationFromDocument: Patched };
  const internals = require('@apollo/federation-internals') as { operationFromDocument: OperationFromDocument };
  const current = operations.operationFromDocument;
  const installed = current[MEMO];
  if (installed) {
    // The budget is set by the last gateway built.
    installed.kept = kept;
    return { installed: internals.operationFromDocument === current, cache: kept };
  }
  const original = current;
  const store: Store = { kept };
  const memoized: Patched = Object.assign((schema: object, document: DocumentNode, options?: { validate?: boolean; operationName?: string }) => {
    const op = document.definitions[0];
    if (options?.validate !== false || options.operationName !== undefined || op?.kind !== Kind.OPERATION_DEFINITION) {
      return original(schema, document, options);
    }
    const hit = store.kept.get(op);
    if (hit && hit.schema === schema && hit.definitions === document.definitions.length) return hit.operation;
    const entry: Kept = { schema, definitions: document.definitions.length, operation: original(schema, document, options) };
    store.kept.set(op, entry);
    return entry.operation;
  }, { [MEMO]: store });
  try {
    operations.operationFromDocument = memoized;
  } catch {
    return { installed: false, cache: kept };
  }
  return { installed: internals.operationFromDocument === memoized, cache: kept };
}
