import type { Resolvers } from '../../../codegen/finance.ts';
import { DateScalar } from '../../../lib/scalars.ts';
import { CreditEasyLoan } from './CreditEasyLoan.ts';
import { Enterprise } from './Enterprise.ts';
import { FinancialPartner } from './FinancialPartner.ts';
import { LoanGroup } from './LoanGroup.ts';
import { LoanProduct } from './LoanProduct.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { YuanScalar } from './Yuan.ts';

export const resolvers: Resolvers = {
  Date: DateScalar,
  Yuan: YuanScalar,
  Query,
  Mutation,
  LoanGroup,
  FinancialPartner,
  LoanProduct,
  CreditEasyLoan,
  Enterprise,
};
