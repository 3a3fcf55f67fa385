import type { Resolvers } from '../../../codegen/finance.ts';
import { DateScalar } from '../../../lib/scalars.ts';
import { CreditEasyLoan } from './CreditEasyLoan.ts';
import { Enterprise } from './Enterprise.ts';
import { FinancialPartner } from './FinancialPartner.ts';
import { LoanProduct } from './LoanProduct.ts';
import { Query } from './Query.ts';

export const resolvers: Resolvers = {
  Date: DateScalar,
  Query,
  FinancialPartner,
  LoanProduct,
  CreditEasyLoan,
  Enterprise,
};
