import type { MutationResolvers } from '../../../codegen/finance.ts';
import { addLoanProduct, linkFinancialPartner, registerFinancialPartner } from '../lenders.ts';
import { reportLoanApplication, reportLoanOutcome } from '../loans/report.ts';

export const Mutation: MutationResolvers = {
  reportLoanApplication: (_parent, args, ctx) => reportLoanApplication(ctx, args),
  reportLoanOutcome: (_parent, args, ctx) => reportLoanOutcome(ctx, args),
  registerFinancialPartner: (_parent, args, ctx) => registerFinancialPartner(ctx, args),
  linkFinancialPartner: (_parent, args, ctx) => linkFinancialPartner(ctx, args),
  addLoanProduct: (_parent, args, ctx) => addLoanProduct(ctx, args),
};
