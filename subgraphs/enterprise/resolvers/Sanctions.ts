/** Joint sanctions (issue 16): the check, the cases and the feedback (sanctions.ts). */
import type { MutationResolvers, QueryResolvers, SanctionCaseResolvers } from '../../../codegen/enterprise.ts';
import { caseMeasures, checkSanctions, reportSanctionOutcome, sanctionCases, sanctionMatters } from '../sanctions.ts';

export const sanctionQueries: Pick<QueryResolvers, 'sanctionMatters' | 'checkSanctions' | 'sanctionCases'> = {
  sanctionMatters: (_parent, _args, ctx) => [...sanctionMatters(ctx)],
  checkSanctions: (_parent, args, ctx) => checkSanctions(ctx, args),
  sanctionCases: (_parent, args, ctx) => sanctionCases(ctx, args),
};

export const sanctionMutations: Pick<MutationResolvers, 'reportSanctionOutcome'> = {
  reportSanctionOutcome: (_parent, args, ctx) => reportSanctionOutcome(ctx, args),
};

export const SanctionCase: SanctionCaseResolvers = {
  measures: (c, _args, ctx) => caseMeasures(ctx, c),
  checkedAt: (c) => c.at,
  stage: (c) => c.stage as 'ACCEPTANCE',
  subjectKind: (c) => c.subjectKind as 'ENTERPRISE',
  decision: (c) => c.decision as 'RESTRICTED',
  outcome: (c) => c.outcome as 'APPLIED' | null,
};
