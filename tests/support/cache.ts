/** Helpers for the response-cache tests. */
import type { Stack } from './stack.ts';

/**
 * The enterprise subgraph's SQL since the last reset, less the change log's: the gateways' change
 * followers poll it (GET /changes), whatever the requests under test do.
 */
export const archiveSql = (stack: Stack): string[] => stack.sql.enterprise.filter((q) => !q.includes('ChangeEvent'));
