import type { QueryResolvers } from '../../../codegen/platform.ts';
import { principalScopes } from '../../../lib/caller.ts';
import { forbidden } from '../../../lib/errors.ts';
import { listInstitutions } from '../db/institutions.ts';
import { requireOperator, seesInstitution } from '../policy.ts';

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
};
