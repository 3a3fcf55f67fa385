import type { MutationResolvers } from '../../../codegen/finance.ts';
import { reportLoanApplication, reportLoanOutcome } from '../loans/report.ts';

export const Mutation: MutationResolvers = {
  reportLoanApplication: (_parent, args, ctx) => reportLoanApplication(ctx, args),
  reportLoanOutcome: (_parent, args, ctx) => reportLoanOutcome(ctx, args),
};
