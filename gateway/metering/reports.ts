/**
 * What a response issued in credit reports, for the `reports` counter beside archive pulls: one per
 * non-null `issueCreditReport` at the root of a mutation, aliases included (each alias issued one).
 * Pure, for the metering plan to call with the operation and the result's data; admission compares
 * the counts with the institution's report quota like it does archive pulls.
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
