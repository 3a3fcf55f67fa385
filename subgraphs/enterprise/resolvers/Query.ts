import type { QueryResolvers } from '../../../codegen/enterprise.ts';
import { badUserInput } from '../../../lib/errors.ts';
import { validateUscc } from '../../../lib/identifiers/uscc.ts';
import { findEnterprisePage } from '../db/enterprises.ts';
import { listChanges } from '../list-changes.ts';
import { overdueObjections } from '../objections.ts';
import { decodeCursor, encodeCursor, nameFilter, pageSize } from '../paging.ts';
import { pendingRepairs, repairEligibility } from '../repair.ts';
import { ratingDistribution } from '../rating-distribution.ts';

export const Query: QueryResolvers = {
  /**
   * A malformed code is refused; a code failing only its check digit is still answered when a
   * (historical) record exists under exactly that code; a valid code without a record is null.
   */
  async enterprise(_parent, { uscc }, ctx) {
    const check = validateUscc(uscc);
    if (check.ok) return ctx.loaders.enterpriseByUscc.load(check.uscc);
    if (check.reason === 'USCC_CHECK_DIGIT' && check.uscc) {
      const legacy = await ctx.loaders.enterpriseByUscc.load(check.uscc);
      if (legacy) return legacy;
    }
    throw badUserInput(check.reason, check.message);
  },

  async enterprises(_parent, { filter, first, after }, ctx) {
    const size = pageSize(first);
    const rows = await findEnterprisePage(ctx.db, {
      filter: filter && { ...filter, name: nameFilter(filter.name) },
      after: after == null ? null : decodeCursor(after),
      take: size + 1,
    });
    const page = rows.slice(0, size);
    for (const row of page) ctx.loaders.enterpriseByUscc.prime(row.uscc, row);
    const last = page.at(-1);
    return {
      edges: page.map((node) => ({ cursor: encodeCursor(node), node })),
      pageInfo: { hasNextPage: rows.length > size, endCursor: last ? encodeCursor(last) : null },
    };
  },

  overdueObjections: (_parent, _args, ctx) => overdueObjections(ctx),
  pendingRepairs: (_parent, _args, ctx) => pendingRepairs(ctx),
  repairEligibility: (_parent, args, ctx) => repairEligibility(ctx, args),
  ratingDistribution: (_parent, args, ctx) => ratingDistribution(ctx, args),
  listChanges: (_parent, args, ctx) => listChanges(ctx, args),
};
