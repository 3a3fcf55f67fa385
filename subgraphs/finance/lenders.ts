/**
 * Lenders as operators register them (issue 14): a credit-easy loan is reported by the FINANCIAL
 * institution tied to its lender (`FinancialPartner.institutionId`, rules.ts). Until this, only the
 * seed tied them, so a bank onboarded through `registerInstitution` could never report a loan.
 *
 * The platform subgraph owns institutions, so a tie is checked there (`institution(id) { kind }`,
 * asked as the operator, signed as the gateway signs: lib/reports/peer.ts): an unknown id or an
 * institution of another kind is refused, not stored for a report that could never come.
 */
import { randomUUID } from 'node:crypto';
import type { Caller } from '../../lib/caller.ts';
import { isUniqueViolation } from '../../lib/db/client.ts';
import { badUserInput, forbidden } from '../../lib/errors.ts';
import { isOperator } from '../../lib/principals.ts';
import { peerClient, unexpectedError } from '../../lib/reports/peer.ts';
import { notFound, requiredText } from '../../lib/workflow.ts';
import type { FinancialPartner, LoanProduct } from '../../prisma/generated/finance/sqlite/client.ts';
import type { Context } from './context.ts';
import { findPartners, insertPartner, insertProduct, setPartnerInstitution } from './db/partners.ts';
import { reportingInstitution } from './rules.ts';

export interface Institutions {
  /** The kind of the platform institution `id` (e.g. FINANCIAL), or null when the platform knows none. */
  kindOf(caller: Caller, id: string): Promise<string | null>;
}

const KIND = 'query ($id: ID!) { institution(id: $id) { kind } }';

/** `url()` is read at each call: the test stack learns the platform subgraph's port after finance starts. */
export function institutionsFromPlatformSubgraph(url: () => string, secret: string): Institutions {
  return {
    async kindOf(caller, id) {
      const reply = await peerClient('platform', url(), secret)<{ institution: { kind: string } | null }>(caller, KIND, { id });
      const error = unexpectedError(reply);
      if (error) throw new Error(`platform subgraph: ${error.message}`);
      return reply.data?.institution?.kind ?? null;
    },
  };
}

const PARTNER_KINDS = new Set(['BANK', 'CREDIT_REPORTING_COMPANY', 'GUARANTEE_COMPANY']);

/** `institutionId` checked with the platform: a FINANCIAL institution it knows, or BAD_USER_INPUT. */
async function financialInstitution(ctx: Context, institutionId: string | null | undefined): Promise<string | null> {
  if (institutionId == null) return null;
  const id = requiredText(institutionId, 'institutionId', 64);
  const kind = await ctx.institutions.kindOf(ctx.caller, id);
  if (kind === null) throw badUserInput('INSTITUTION_UNKNOWN', `No institution ${id} is registered on the platform.`);
  if (kind !== 'FINANCIAL') throw badUserInput('INSTITUTION_NOT_FINANCIAL', `Institution ${id} is ${kind}: only a FINANCIAL institution reports loans.`);
  return id;
}

const alreadyLinked = (institutionId: string) =>
  badUserInput('INSTITUTION_ALREADY_LINKED', `Institution ${institutionId} already reports for another lender: untie it there first.`);

export async function registerFinancialPartner(
  ctx: Context, args: { name: string; kind: string; institutionId?: string | null },
): Promise<FinancialPartner> {
  const name = requiredText(args.name, 'name', 100);
  if (!PARTNER_KINDS.has(args.kind)) throw badUserInput('PARTNER_KIND_UNKNOWN', `No partner kind ${args.kind}.`);
  const institutionId = await financialInstitution(ctx, args.institutionId);
  try {
    return await insertPartner(ctx.db, { id: randomUUID(), name, kind: args.kind, institutionId });
  } catch (err) {
    if (institutionId !== null && isUniqueViolation(err)) throw alreadyLinked(institutionId);
    throw err;
  }
}

export async function linkFinancialPartner(ctx: Context, args: { id: string; institutionId?: string | null }): Promise<FinancialPartner> {
  const institutionId = await financialInstitution(ctx, args.institutionId);
  try {
    const partner = await setPartnerInstitution(ctx.db, args.id, institutionId);
    if (!partner) throw notFound('lender', args.id);
    return partner;
  } catch (err) {
    if (institutionId !== null && isUniqueViolation(err)) throw alreadyLinked(institutionId);
    throw err;
  }
}

export interface ProductArgs {
  partner: string;
  name: string;
  maxAmount: number;
  minAnnualRate: number;
  termMonths: number;
  eligibility: string;
}

/** Within what a credit-easy loan product can be: positive amounts up to 1 bn yuan, rates up to 36%, terms up to 30 years. */
function checkedTerms(args: ProductArgs) {
  if (!Number.isFinite(args.maxAmount) || args.maxAmount <= 0 || args.maxAmount > 1e9) {
    throw badUserInput('MAX_AMOUNT_OUT_OF_RANGE', `maxAmount must be above 0 and at most 1,000,000,000 yuan; got ${args.maxAmount}.`);
  }
  if (!Number.isFinite(args.minAnnualRate) || args.minAnnualRate < 0 || args.minAnnualRate > 36) {
    throw badUserInput('RATE_OUT_OF_RANGE', `minAnnualRate is a percentage from 0 to 36; got ${args.minAnnualRate}.`);
  }
  if (!Number.isInteger(args.termMonths) || args.termMonths < 1 || args.termMonths > 360) {
    throw badUserInput('TERM_OUT_OF_RANGE', `termMonths must be a whole number from 1 to 360; got ${args.termMonths}.`);
  }
  return {
    name: requiredText(args.name, 'name', 100), eligibility: requiredText(args.eligibility, 'eligibility', 500),
    maxAmount: args.maxAmount, minAnnualRate: args.minAnnualRate, termMonths: args.termMonths,
  };
}

export async function addLoanProduct(ctx: Context, args: ProductArgs): Promise<LoanProduct> {
  const [partner] = await findPartners(ctx.db, [args.partner]);
  const principal = ctx.caller.principal;
  if (!partner) throw notFound('lender', args.partner);
  if (!isOperator(principal) && partner.institutionId !== reportingInstitution(principal)) {
    throw forbidden('Only an operator or the lender\'s own institution publishes its loan products.');
  }
  return insertProduct(ctx.db, { id: randomUUID(), partnerId: partner.id, ...checkedTerms(args) });
}
