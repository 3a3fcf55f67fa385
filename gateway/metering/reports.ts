/**
 * What a response issued in credit reports: one per non-null `issueCreditReport` at the root of a
 * mutation, aliases included (each alias issued one), also where the root selects it through an
 * inline fragment or a fragment spread (`mutation { ...Issue }`: a field the root reaches through
 * a fragment runs as a root field, and was once neither admitted by the quota nor counted). Pure;
 * the gateway's executor records the count
 * as the operation's reports (gateway/server.ts; UsageBucket.reports), which the plan's
 * `monthlyReports` quota counts (and the archive-pull quotas do not).
 */
import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

export const REPORT_FIELDS: ReadonlySet<string> = new Set(['issueCreditReport']);

export function issuedReports(operation: OperationDefinitionNode, document: DocumentNode, data: Record<string, unknown> | null | undefined): number {
  if (!data) return 0;
  return reportFields(operation, document).filter((key) => data[key] != null).length;
}

/** How many reports an operation asks to issue, before it runs (what the quota of reports admits). */
export function requestedReports(operation: OperationDefinitionNode, document: DocumentNode): number {
  return reportFields(operation, document).length;
}

/**
 * The response keys of the `issueCreditReport` fields a mutation's root selects, through fragments
 * too; a key selected twice is one field (GraphQL merges them: one report).
 */
function reportFields(operation: OperationDefinitionNode, document: DocumentNode): string[] {
  if (operation.operation !== 'mutation') return [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const keys = new Set<string>();
  const entered = new Set<string>();
  const walk = (set: SelectionSetNode): void => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (REPORT_FIELDS.has(s.name.value)) keys.add(s.alias?.value ?? s.name.value);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        walk(s.selectionSet);
      } else if (!entered.has(s.name.value)) {
        // Validation refuses cycles and unknown fragments; entered guards the walk regardless.
        entered.add(s.name.value);
        const fragment = fragments.get(s.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return [...keys];
}
