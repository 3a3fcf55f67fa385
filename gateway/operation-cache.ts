/**
 * `@apollo/gateway` caches query plans, but rebuilds the federation `Operation` of the request's
 * document on every request (`executeQueryPlan` → `operationFromDocument`, to shape the response):
 * 3% of the gateway's CPU on a small query, 12% on a whole archive (profiled, bench/README.md).
 * The document is the same object for every request of the same query (Apollo Server keeps parsed
 * documents by query hash; our plan cache keeps the rewritten ones), so the `Operation` is kept
 * per (schema, operation definition) and reused; it is only read afterwards.
 *
 * Only the call `executeQueryPlan` makes is memoised (validation off, no operation name, the
 * operation first); every other call goes to the original. If a future `@apollo/federation-internals`
 * no longer lets the export be replaced, nothing changes (and `installed` says so).
 */
import { createRequire } from 'node:module';
import { Kind, type DocumentNode } from 'graphql';

type OperationFromDocument = (schema: object, document: DocumentNode, options?: { validate?: boolean; operationName?: string }) => unknown;

const require = createRequire(import.meta.url);
const MEMO = Symbol.for('creditgraph.operationFromDocument');

export function memoizeOperationFromDocument(): { installed: boolean } {
  const operations = require('@apollo/federation-internals/dist/operations.js') as { operationFromDocument: OperationFromDocument };
  const internals = require('@apollo/federation-internals') as { operationFromDocument: OperationFromDocument };
  const current = operations.operationFromDocument as OperationFromDocument & { [MEMO]?: true };
  if (current[MEMO]) return { installed: internals.operationFromDocument === current };
  const original = current;
  const cache = new WeakMap<object, WeakMap<object, { definitions: number; operation: unknown }>>();
  const memoized = Object.assign((schema: object, document: DocumentNode, options?: { validate?: boolean; operationName?: string }) => {
    const op = document.definitions[0];
    if (options?.validate !== false || options.operationName !== undefined || op?.kind !== Kind.OPERATION_DEFINITION) {
      return original(schema, document, options);
    }
    let bySchema = cache.get(op);
    if (!bySchema) cache.set(op, (bySchema = new WeakMap()));
    const hit = bySchema.get(schema);
    if (hit && hit.definitions === document.definitions.length) return hit.operation;
    const operation = original(schema, document, options);
    bySchema.set(schema, { definitions: document.definitions.length, operation });
    return operation;
  }, { [MEMO]: true as const });
  try {
    operations.operationFromDocument = memoized;
  } catch {
    return { installed: false };
  }
  return { installed: internals.operationFromDocument === memoized };
}
