import { badUserInput, forbidden } from '../../../lib/errors.ts';
import { validateIdNumber } from '../../../lib/identifiers/id-number.ts';
import type { QueryResolvers } from '../../../codegen/person.ts';
import { mayLookUp } from '../rules.ts';
import { listOpenPersonObjections } from '../objections.ts';
import { verifyIntegrityCode } from '../same-city.ts';

/** Stands in for the person's id when nobody has the ID number, so the same statements run. */
const NOBODY = '';

export const Query: QueryResolvers = {
  /**
   * By resident ID number. FORBIDDEN for a caller with no right to that person whether or not the
   * person exists: both cases run the same lookups (person by HMAC, then the caller's consents).
   * A government institution with a person scope learns that nobody has the number (null).
   */
  person: async (_parent, { idNumber }, ctx) => {
    const check = validateIdNumber(idNumber, ctx.now());
    if (!check.ok) throw badUserInput(check.reason, check.message);
    const person = await ctx.loaders.personByIdHash.load(ctx.idNumbers.hash(check.idNumber));
    const rights = await ctx.loaders.rightsByPerson.load(person?.id ?? NOBODY);
    if (!mayLookUp(ctx.caller, person ? rights : null)) throw forbidden('Not authorized to look up this person.');
    return person;
  },

  /** Partner cities only. A bad `idNumber` is BAD_USER_INPUT; a bad code is an answer, not an error. */
  verifyIntegrityCode: async (_parent, { code, idNumber }, ctx) => {
    const p = ctx.caller.principal;
    if (p.kind !== 'INSTITUTION' || p.institutionKind !== 'PARTNER_CITY') {
      throw forbidden('Only partner cities verify integrity codes.');
    }
    let holder: string | null = null;
    if (idNumber != null) {
      const check = validateIdNumber(idNumber, ctx.now());
      if (!check.ok) throw badUserInput(check.reason, check.message);
      holder = check.idNumber;
    }
    return verifyIntegrityCode(ctx, p.institutionId, code, holder);
  },

  openPersonObjections: (_parent, _args, ctx) => listOpenPersonObjections(ctx),
};
