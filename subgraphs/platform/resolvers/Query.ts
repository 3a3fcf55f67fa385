import type { QueryResolvers } from '../../../codegen/platform.ts';
import { principalScopes } from '../../../lib/caller.ts';
import { badUserInput, forbidden } from '../../../lib/errors.ts';
import { listInstitutions } from '../db/institutions.ts';
import { hourlyUsage } from '../db/usage.ts';
import { requireOperator, seesInstitution, usageSubject } from '../rules.ts';
import { summarize, usageRange, usageReport } from '../usage-report.ts';

export const Query: QueryResolvers = {
  /** Who is calling, from the principal the gateway established; the person and enterprise are references. */
  async me(_parent, _args, { caller, loaders }) {
    const p = caller.principal;
    return {
      kind: p.kind,
      institution: p.kind === 'INSTITUTION' ? await loaders.institutionById.load(p.institutionId) : null,
      person: p.kind === 'PERSON' ? { id: p.personId } : null,
      enterprise: p.kind === 'ENTERPRISE' ? { uscc: p.uscc } : null,
      scopes: principalScopes(p),
    };
  },

  institutions(_parent, _args, { caller, db }) {
    requireOperator(caller.principal);
    return listInstitutions(db);
  },

  institution(_parent, { id }, { caller, loaders }) {
    if (!seesInstitution(caller.principal, id)) throw forbidden('Only operators and the institution itself may see it.');
    return loaders.institutionById.load(id);
  },

  async usage(_parent, { from, to, granularity, institutionId }, { caller, db, loaders }) {
    const subject = usageSubject(caller.principal, institutionId);
    const range = usageRange(new Date(from), new Date(to), granularity ?? 'DAY');
    if (subject !== null && caller.principal.kind === 'OPERATOR' && !(await loaders.institutionById.load(subject))) {
      throw badUserInput('UNKNOWN_INSTITUTION', `No institution with id ${subject}.`);
    }
    const rows = await hourlyUsage(db, { institutionId: subject, from: range.from, to: range.to });
    // `operations` is resolved by UsageReport.operations from this report's scope (the mapper).
    return usageReport(subject, summarize(range, rows));
  },
};
