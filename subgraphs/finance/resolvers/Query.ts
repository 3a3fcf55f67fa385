import type { QueryResolvers } from '../../../codegen/finance.ts';
import { listPartners, listProducts } from '../db/partners.ts';

export const Query: QueryResolvers = {
  financialPartners: (_parent, _args, { db }) => listPartners(db),

  /** Every product, or one partner's (an unknown partner has none). */
  loanProducts: (_parent, { partnerId }, { db, loaders }) =>
    partnerId != null ? loaders.productsByPartnerId.load(partnerId) : listProducts(db),
};
