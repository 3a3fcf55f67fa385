/**
 * The one operation allowed a larger body: `submitRecords`. A department sends up to 1,000 records
 * a call (issue 13), about 400 kB to 1 MB of variables, far over MAX_BODY_BYTES (100 kB), which
 * stays the bound for everything else. Such a body is read up to MAX_SUBMIT_BODY_BYTES (2 MB by
 * default; still bounded, so a request never holds more than that), and past MAX_BODY_BYTES it is
 * let through only if its document is small and is exactly one mutation whose only root field is
 * `submitRecords` — the records are in the variables, where the enterprise subgraph checks them
 * one by one. Anything else over MAX_BODY_BYTES is refused as before, naming that limit.
 */
import { Kind, parse } from 'graphql';

/** A submitRecords document is a few hundred bytes; a long one is something else. */
const MAX_DOCUMENT_CHARS = 4096;

/** Whether `body` (a parsed POST body) is one submitRecords mutation with a small document. */
export function isSubmitRecords(body: unknown): boolean {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const query = (body as { query?: unknown }).query;
  if (typeof query !== 'string' || query.length > MAX_DOCUMENT_CHARS) return false;
  let document;
  try {
    document = parse(query, { noLocation: true, maxTokens: 500 });
  } catch {
    return false;
  }
  const [operation, ...others] = document.definitions;
  if (others.length || operation?.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'mutation') return false;
  const [field, ...more] = operation.selectionSet.selections;
  return more.length === 0 && field?.kind === Kind.FIELD && field.name.value === 'submitRecords';
}
