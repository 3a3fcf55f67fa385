import type { EnterpriseResolvers } from '../../../codegen/finance.ts';
import { forbidden } from '../../../lib/errors.ts';
import { seesLoansOf } from '../rules.ts';

export const Enterprise: EnterpriseResolvers = {
  /** The enterprise subgraph owns enterprises: here the key is all there is to resolve. */
  __resolveReference: (ref) => ({ uscc: ref.uscc }),

  creditEasyLoans(enterprise, _args, { caller, loaders }) {
    if (!seesLoansOf(caller.principal, enterprise.uscc)) {
      throw forbidden("Credit-easy loans are shown to financial and government institutions with loans:read, operators and the enterprise itself.");
    }
    return loaders.loansByUscc.load(enterprise.uscc);
  },
};
