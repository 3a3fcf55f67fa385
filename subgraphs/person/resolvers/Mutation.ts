import { badUserInput, forbidden } from '../../../lib/errors.ts';
import { parseDateTime } from '../../../lib/scalars.ts';
import type { MutationResolvers } from '../../../codegen/person.ts';
import { createConsent, revokeConsentOf } from '../db/consents.ts';
import { decidePersonObjection, extendPersonObjection, filePersonObjection, routePersonObjection } from '../objections.ts';
import { issueIntegrityCode } from '../same-city.ts';

/**
 * Longest a consent may run: 366 days from the moment it is granted (a year, leap day included).
 * A person renews a consent they still want; a forgotten one lapses within a year.
 */
export const MAX_CONSENT_DAYS = 366;
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_INSTITUTION_ID_LENGTH = 128;

function signedInPerson(principal: { kind: string; personId?: string }, what: string): string {
  if (principal.kind !== 'PERSON' || !principal.personId) throw forbidden(`Only a signed-in person can ${what} their consents.`);
  return principal.personId;
}

export const Mutation: MutationResolvers = {
  grantConsent: async (_parent, { input }, ctx) => {
    const personId = signedInPerson(ctx.caller.principal, 'grant');
    const institutionId = input.institutionId.trim();
    if (institutionId.length === 0 || institutionId.length > MAX_INSTITUTION_ID_LENGTH) {
      throw badUserInput('INSTITUTION_ID', `institutionId must be 1-${MAX_INSTITUTION_ID_LENGTH} characters`);
    }
    const categories = [...new Set(input.categories)];
    if (categories.length === 0) throw badUserInput('CATEGORIES', 'categories must name at least one category');
    const now = ctx.now();
    const expiresAt = parseDateTime(input.expiresAt);
    if (expiresAt.getTime() <= now.getTime()) {
      throw badUserInput('EXPIRES_AT', 'expiresAt must be in the future');
    }
    if (expiresAt.getTime() > now.getTime() + MAX_CONSENT_DAYS * DAY_MS) {
      throw badUserInput('EXPIRES_AT', `expiresAt must be at most ${MAX_CONSENT_DAYS} days ahead`);
    }
    return createConsent(ctx.db, { personId, institutionId, purpose: input.purpose, categories, expiresAt, grantedAt: now, monitoring: input.monitoring ?? false });
  },

  /** FORBIDDEN both for a consent of somebody else and for no consent at all: the two look alike. */
  revokeConsent: async (_parent, { id }, ctx) => {
    const personId = signedInPerson(ctx.caller.principal, 'revoke');
    const consent = await revokeConsentOf(ctx.db, id, personId, ctx.now());
    if (!consent) throw forbidden('No consent of yours has this id.');
    return consent;
  },

  issueIntegrityCode: async (_parent, _args, ctx) => {
    const p = ctx.caller.principal;
    if (p.kind !== 'PERSON' || !p.personId) throw forbidden('Only a signed-in person can obtain an integrity code.');
    return issueIntegrityCode(ctx, p.personId);
  },

  /** Objections: each mutation is one step (objections.ts). */
  filePersonObjection: (_p, args, ctx) => filePersonObjection(ctx, args),
  routePersonObjection: (_p, args, ctx) => routePersonObjection(ctx, args),
  extendPersonObjection: (_p, args, ctx) => extendPersonObjection(ctx, args),
  decidePersonObjection: (_p, args, ctx) => decidePersonObjection(ctx, args),
};
