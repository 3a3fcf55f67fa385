import { badUserInput } from '../../../lib/errors.ts';
import { validateUscc } from '../../../lib/identifiers/uscc.ts';
import type { QueryResolvers } from '../../../codegen/social-org.ts';

/** Registering authority 5 (civil affairs) issues social organisations' codes. */
const isSocialOrgUscc = (uscc: string) => uscc.startsWith('5');

export const Query: QueryResolvers = {
  /**
   * A valid code of another authority is simply not a social organisation (null). A code that
   * fails only its check characters is answered when a record exists under exactly that code
   * (early pilot codes); otherwise the validation error stands.
   */
  async socialOrganization(_parent, { uscc }, { loaders }) {
    const check = validateUscc(uscc);
    if (check.ok) return isSocialOrgUscc(check.uscc) ? loaders.socialOrgByUscc.load(check.uscc) : null;
    if (check.reason === 'USCC_CHECK_DIGIT' && check.uscc) {
      const legacy = await loaders.socialOrgByUscc.load(check.uscc);
      if (legacy) return legacy;
    }
    throw badUserInput(check.reason, check.message);
  },
};
