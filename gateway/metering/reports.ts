/**
 * What a response issued in credit reports: one per non-null `issueCreditReport` at the root of a
 * mutation, aliases included (each alias issued one). Pure; the gateway's executor records the count
 * as the operation's reports (gateway/server.ts; UsageBucket.reports), which the plan's
 * `monthlyReports` quota counts (and the archive-pull quotas do not).
 */
import { Kind, type OperationDefinitionNode } from 'graphql';

export const REPORT_FIELDS: ReadonlySet<string> = new Set(['issueCreditReport']);

export function issuedReports(operation: OperationDefinitionNode, data: Record<string, unknown> | null | undefined): number {
  if (!data) return 0;
  return reportFields(operation).filter((key) => data[key] != null).length;
}

/** How many reports an operation asks to issue, before it runs (what the quota of reports admits). */
export function requestedReports(operation: OperationDefinitionNode): number {
  return reportFields(operation).length;
}

/** The response keys of the root `issueCreditReport` fields of a mutation. */
function reportFields(operation: OperationDefinitionNode): string[] {
  if (operation.operation !== 'mutation') return [];
  return operation.selectionSet.selections.flatMap((s) =>
    s.kind === Kind.FIELD && REPORT_FIELDS.has(s.name.value) ? [s.alias?.value ?? s.name.value] : []);
}
