import type { InstitutionResolvers } from '../../../codegen/platform.ts';
import { forbidden } from '../../../lib/errors.ts';
import { parseScopes } from '../institution-input.ts';
import { seesInstitution } from '../rules.ts';

const ownOnly = () => forbidden('Only operators and the institution itself may see this.');

export const Institution: InstitutionResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.institutionById.load(ref.id),

  scopes: (institution) => parseScopes(institution.scopes),

  plan(institution, _args, { caller }) {
    if (!seesInstitution(caller.principal, institution.id)) throw ownOnly();
    const { ratePerSecond, burst, dailyArchivePulls, monthlyArchivePulls, monthlyReports } = institution;
    return { ratePerSecond, burst, dailyArchivePulls, monthlyArchivePulls, monthlyReports };
  },

  apiKeys(institution, _args, { caller, loaders }) {
    if (!seesInstitution(caller.principal, institution.id)) throw ownOnly();
    return loaders.apiKeysByInstitutionId.load(institution.id);
  },

  trustedDocumentsOnly(institution, _args, { caller }) {
    if (!seesInstitution(caller.principal, institution.id)) throw ownOnly();
    return institution.trustedDocumentsOnly;
  },
};
