import type { FinancialPartnerResolvers } from '../../../codegen/finance.ts';

export const FinancialPartner: FinancialPartnerResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.partnerById.load(ref.id),
  products: (partner, _args, { loaders }) => loaders.productsByPartnerId.load(partner.id),
};
