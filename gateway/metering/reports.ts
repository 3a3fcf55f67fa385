/**
 * What a response issued in credit reports: one per non-null `issueCreditReport` at the root of a
 * mutation, aliases included (each alias issued one). Pure; the gateway's executor records the count
 * as the operation's reports (gateway/server.ts; UsageBucket.reports), which the quota counts too.
 */
import { Kind, type OperationDefinitionNode } from 'graphql';

export const REPORT_FIELDS: ReadonlySet<string> = new Set(['issueCreditReport']);

export function issuedReports(operation: OperationDefinitionNode, data: Record<string, unknown> | null | undefined): number {
  if (operation.operation !== 'mutation' || !data) return 0;
  let count = 0;
  for (const s of operation.selectionSet.selections) {
    if (s.kind === Kind.FIELD && REPORT_FIELDS.has(s.name.value) && data[s.alias?.value ?? s.name.value] != null) count++;
  }
  return count;
}
