import type { QueryResolvers } from '../../../codegen/finance.ts';
import { groupLoans } from '../db/loans.ts';
import { findPartnerOfInstitution, listPartners, listProducts } from '../db/partners.ts';
import { checkPeriod, foldStatistics } from '../loans/statistics.ts';
import { notALender, statisticsScope } from '../rules.ts';

export const Query: QueryResolvers = {
  financialPartners: (_parent, _args, { db }) => listPartners(db),

  /** Every product, or one partner's (an unknown partner has none). */
  loanProducts: (_parent, { partnerId }, { db, loaders }) =>
    partnerId != null ? loaders.productsByPartnerId.load(partnerId) : listProducts(db),

  /** Every lender's figures for an operator; a financial institution's own lender's for it. */
  async loanStatistics(_parent, { from, to, groupBy }, { caller, db }) {
    const scope = statisticsScope(caller.principal);
    checkPeriod(from, to);
    let partnerId: string | null = null;
    if (scope !== 'ALL') {
      const lender = await findPartnerOfInstitution(db, scope.institutionId);
      if (!lender) throw notALender();
      partnerId = lender.id;
    }
    return foldStatistics(from, to, groupBy, await groupLoans(db, groupBy, from, to, partnerId));
  },
};
