/**
 * The two steps before a resolver may return a person's data: find the caller's grant for that
 * category (else FORBIDDEN), then have the disclosure durably logged (else the field errors and
 * the data stays here).
 */
import { forbidden } from '../../lib/errors.ts';
import type { PersonDataCategory } from '../../codegen/person.ts';
import type { Grant } from './access.ts';
import type { Context } from './context.ts';

/** The grant, or null when the caller holds none for this category of this person. */
export async function grantFor(ctx: Context, personId: string, category: PersonDataCategory): Promise<Grant | null> {
  const rights = await ctx.loaders.rightsByPerson.load(personId);
  return rights.grants.get(category) ?? null;
}

/** Throws FORBIDDEN unless the caller is this person. */
export async function requireSelf(ctx: Context, personId: string): Promise<void> {
  const rights = await ctx.loaders.rightsByPerson.load(personId);
  if (!rights.self) throw forbidden('Only the person themself may see this.');
}

/** Resolves once the disclosure is in the access log; rejects (data withheld) if it could not be written. */
export async function logDisclosure(ctx: Context, personId: string, category: PersonDataCategory, grant: Grant): Promise<void> {
  try {
    await ctx.loaders.disclosureByPersonCategory.load({ personId, category, grant });
  } catch (err) {
    // Masked as INTERNAL_SERVER_ERROR by the server's error formatter, which logs the cause.
    throw new Error('the access log could not be written, so the data is withheld', { cause: err });
  }
}

/**
 * For a record field: FORBIDDEN without a grant; otherwise loads the data and logs the disclosure
 * together, and returns the data only once both are done.
 */
export async function disclose<T>(
  ctx: Context, personId: string, category: PersonDataCategory, load: (self: boolean) => Promise<T>,
): Promise<T> {
  const rights = await ctx.loaders.rightsByPerson.load(personId);
  const grant = rights.grants.get(category);
  if (!grant) throw forbidden(`Not authorized to see this person's ${category.toLowerCase().replace(/_/g, ' ')} data.`);
  const [data] = await Promise.all([load(rights.self), logDisclosure(ctx, personId, category, grant)]);
  return data;
}
