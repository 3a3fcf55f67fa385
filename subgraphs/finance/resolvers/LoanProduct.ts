import type { LoanProductResolvers } from '../../../codegen/finance.ts';
import { mustExist } from './integrity.ts';

export const LoanProduct: LoanProductResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.productById.load(ref.id),
  partner: async (product, _args, { loaders }) =>
    mustExist(await loaders.partnerById.load(product.partnerId), `partner ${product.partnerId} of product ${product.id}`),
};
