/**
 * The lender's two reports (schema/finance.graphql): an application, then its outcomes, each in
 * one transaction. Who may report is rules.ts; what a report may say is ./terms.ts.
 */
import { randomUUID } from 'node:crypto';
import { transaction } from '../../../lib/db/client.ts';
import { badUserInput } from '../../../lib/errors.ts';
import { validateUscc } from '../../../lib/identifiers/uscc.ts';
import { invalidState, notFound, optionalText, requiredText } from '../../../lib/workflow.ts';
import type { CreditEasyLoan, FinancialPartner } from '../../../prisma/generated/finance/sqlite/client.ts';
import type { Context } from '../context.ts';
import { findLoanByReference, findOwnLoan, insertLoan, updateLoanIfStatus } from '../db/loans.ts';
import { findPartnerOfInstitution, findProductIn, findProducts } from '../db/partners.ts';
import { notALender, reportingInstitution } from '../rules.ts';
import { applicationRow, outcomeChange, type LoanOutcome, type ProductTerms } from './terms.ts';

/** The lender the caller reports for: FORBIDDEN for anyone but a FINANCIAL institution with one. */
async function callersLender(ctx: Context): Promise<FinancialPartner> {
  const partner = await findPartnerOfInstitution(ctx.db, reportingInstitution(ctx.caller.principal));
  if (!partner) throw notALender();
  return partner;
}

async function productOf(ctx: Context, productId: string): Promise<ProductTerms> {
  const [product] = await findProducts(ctx.db, [productId]);
  if (!product) throw badUserInput('LOAN_PRODUCT_UNKNOWN', `No loan product ${productId}`);
  return product;
}

export interface ApplicationArgs {
  uscc: string;
  product: string;
  amount: bigint;
  purpose: string;
  reference?: string | null;
}

export async function reportLoanApplication(ctx: Context, args: ApplicationArgs): Promise<CreditEasyLoan> {
  const lender = await callersLender(ctx);
  const check = validateUscc(args.uscc);
  if (!check.ok) throw badUserInput(check.reason, check.message);
  const purpose = requiredText(args.purpose, 'purpose', 200);
  const reference = optionalText(args.reference, 'reference', 64);
  const product = await productOf(ctx, args.product);
  if (product.partnerId !== lender.id) throw badUserInput('LOAN_PRODUCT_NOT_OWN', `Loan product ${product.id} is another lender's`);

  const same = (loan: CreditEasyLoan) =>
    loan.uscc === check.uscc && loan.productId === product.id && loan.requestedFen === args.amount && loan.purpose === purpose;
  const repeat = (loan: CreditEasyLoan) => {
    if (same(loan)) return loan;
    throw badUserInput('LOAN_REFERENCE_REUSED', `Reference ${reference} was reported for another application`);
  };
  if (reference !== null) {
    const earlier = await findLoanByReference(ctx.db, lender.id, reference);
    if (earlier) return repeat(earlier);
  }
  const borrower = await ctx.borrowers.profileOf(ctx.caller, check.uscc);
  if (!borrower) throw badUserInput('ENTERPRISE_UNKNOWN', `No enterprise ${check.uscc} is registered`);
  const row = applicationRow({
    id: randomUUID(), uscc: check.uscc, product, requestedFen: args.amount, purpose, reference, borrower, on: ctx.today,
  });
  try {
    return await insertLoan(ctx.db, row);
  } catch (err) {
    // Two repeats at once: the second meets the unique (lender, reference) and answers the first.
    const earlier = reference !== null && isUniqueViolation(err) ? await findLoanByReference(ctx.db, lender.id, reference) : null;
    if (earlier) return repeat(earlier);
    throw err;
  }
}

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === 'P2002';

export interface OutcomeArgs {
  id: string;
  status: LoanOutcome;
  amount?: bigint | null;
  rate?: number | null;
  termMonths?: number | null;
  reason?: string | null;
}

export async function reportLoanOutcome(ctx: Context, args: OutcomeArgs): Promise<CreditEasyLoan> {
  const lender = await callersLender(ctx);
  const reason = optionalText(args.reason, 'reason', 500);
  return transaction(ctx.db, async (tx) => {
    const loan = await findOwnLoan(tx, args.id, lender.id);
    if (!loan) throw notFound('loan application', args.id);
    const product = await findProductIn(tx, loan.productId);
    if (!product) throw new Error(`finance data fault: product ${loan.productId} of loan ${loan.id} does not exist`);
    const change = outcomeChange(loan, product, {
      status: args.status, amountFen: args.amount, ratePercent: args.rate, termMonths: args.termMonths, reason, on: ctx.today,
    });
    if (change === null) return loan;
    // The status read above is the condition of the write: of two outcomes raced, one applies.
    if (!(await updateLoanIfStatus(tx, loan.id, loan.status, change))) {
      throw invalidState('Another report changed this loan first; read it and report again.', loan.status);
    }
    return { ...loan, ...change };
  });
}
