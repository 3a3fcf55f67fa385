import type { LoanGroupResolvers } from '../../../codegen/finance.ts';

export const LoanGroup: LoanGroupResolvers = {
  bank: (group, _args, { loaders }) => (group.groupBy === 'BANK' ? loaders.partnerById.load(group.key) : null),
  product: (group, _args, { loaders }) => (group.groupBy === 'PRODUCT' ? loaders.productById.load(group.key) : null),
};
