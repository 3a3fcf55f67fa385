import type { CreditEasyLoanResolvers } from '../../../codegen/finance.ts';
import { mustExist } from './integrity.ts';

export const CreditEasyLoan: CreditEasyLoanResolvers = {
  lender: async (loan, _args, { loaders }) =>
    mustExist(await loaders.partnerById.load(loan.partnerId), `lender ${loan.partnerId} of loan ${loan.id}`),
  product: async (loan, _args, { loaders }) =>
    mustExist(await loaders.productById.load(loan.productId), `product ${loan.productId} of loan ${loan.id}`),
};
