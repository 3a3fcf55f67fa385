import type { CreditEasyLoanResolvers } from '../../../codegen/finance.ts';
import { forbidden } from '../../../lib/errors.ts';
import { fenToYuanNumber } from '../loans/terms.ts';
import { seesLoanReason } from '../rules.ts';
import { mustExist } from './integrity.ts';

export const CreditEasyLoan: CreditEasyLoanResolvers = {
  lender: async (loan, _args, { loaders }) =>
    mustExist(await loaders.partnerById.load(loan.partnerId), `lender ${loan.partnerId} of loan ${loan.id}`),
  product: async (loan, _args, { loaders }) =>
    mustExist(await loaders.productById.load(loan.productId), `product ${loan.productId} of loan ${loan.id}`),
  amount: (loan) => fenToYuanNumber(loan.grantedFen ?? loan.requestedFen),
  grantedOn: (loan) => loan.grantedOn ?? loan.appliedOn,
  requestedAmount: (loan) => loan.requestedFen,
  grantedAmount: (loan) => loan.grantedFen,
  rate: (loan) => (loan.rateBp === null ? null : loan.rateBp / 100),
  async reason(loan, _args, { caller, loaders }) {
    const lender = await loaders.partnerById.load(loan.partnerId);
    if (!seesLoanReason(caller.principal, lender?.institutionId ?? null)) throw forbidden("A loan's reason is shown to its lender and operators.");
    return loan.reason;
  },
};
