/**
 * `creditReportsIssued`: the reports a caller may list, by the rule `creditReport` serves one by:
 * an institution those it issued (while it holds `reports:issue`), an enterprise those about
 * itself, an operator all; anybody else FORBIDDEN.
 */
import type { Principal } from '../../../lib/caller.ts';
import { forbidden } from '../../../lib/errors.ts';
import type { Prisma } from '../../../prisma/generated/enterprise/sqlite/client.ts';
import type { Context } from '../context.ts';
import { findCreditReportsPage, type CreditReportRow } from '../db/reports.ts';
import { pageSize } from '../paging.ts';
import { REPORTS_SCOPE } from './reports.ts';

function visibleTo(p: Principal): Prisma.CreditReportWhereInput {
  switch (p.kind) {
    case 'OPERATOR': return {};
    case 'ENTERPRISE': return { subject: p.uscc };
    case 'INSTITUTION':
      if (p.scopes.includes(REPORTS_SCOPE)) return { issuerKind: 'INSTITUTION', issuerId: p.institutionId };
      break;
    default: break;
  }
  throw forbidden(`Issued credit reports are listed for their issuer (an institution with ${REPORTS_SCOPE}), their subject and operators.`);
}

export async function creditReportsIssued(
  ctx: Context, args: { first?: number | null; after?: string | null },
): Promise<CreditReportRow[]> {
  const where = visibleTo(ctx.caller.principal);
  const first = pageSize(args.first, 50);
  if (first === 0) return [];
  return findCreditReportsPage(ctx.db, { where, first, after: args.after ?? null });
}
