/**
 * The credit-easy loan loop's rules, pure: money and rates as exact integers, the checks of a
 * report's arguments, and the state machine of a loan. The report workflows (./report.ts) and the
 * demo seed (prisma/seed/synthetic/finance.ts) both build their rows here, so a seeded loan is a loan a
 * bank could have reported.
 *
 * The state machine (a report of any other step is BAD_USER_INPUT `INVALID_STATE`):
 *
 *   APPLIED ──GRANTED──▶ GRANTED ──REPAID──▶ REPAID
 *      │                    │                  ▲
 *      └──REJECTED──▶ REJECTED  └──OVERDUE──▶ OVERDUE ──REPAID──┘
 *
 * REJECTED and REPAID are final. A report of the status a loan already has is a repeat (a retry
 * after a lost reply): the loan is answered as it stands, unchanged, unless a repeated GRANTED
 * names other terms (INVALID_STATE: the grant was reported with different terms).
 */
import { badUserInput } from '../../../lib/errors.ts';
import { invalidState } from '../../../lib/workflow.ts';

export type LoanStatus = 'APPLIED' | 'GRANTED' | 'REJECTED' | 'REPAID' | 'OVERDUE';
export type LoanOutcome = Exclude<LoanStatus, 'APPLIED'>;

/** The statuses a loan may move to from each status. */
export const NEXT_STATUSES: Readonly<Record<LoanStatus, readonly LoanOutcome[]>> = {
  APPLIED: ['GRANTED', 'REJECTED'],
  GRANTED: ['REPAID', 'OVERDUE'],
  OVERDUE: ['REPAID'],
  REJECTED: [],
  REPAID: [],
};

/** Statuses of a loan that was granted at some point: what "approved" counts. */
export const GRANTED_STATUSES: readonly LoanStatus[] = ['GRANTED', 'REPAID', 'OVERDUE'];

// ---- money: yuan with fen, as integer fen ------------------------------------------------------

/** A single loan above 10 bn yuan is a typo (Shenzhen's whole year of credit-easy loans was 100.3 bn). */
export const MAX_AMOUNT_FEN = 10_000_000_000n * 100n;
const YUAN = /^(\d{1,15})(?:\.(\d{1,2}))?$/;

/** "1234.5" or 1234.5 → 123450n fen; BAD_USER_INPUT `AMOUNT_FORMAT` for anything else (negative, 3 decimals, exponent). */
export function parseYuan(value: unknown): bigint {
  // A JSON number is taken as written: String(1234.5) is its shortest decimal form, "1234.5".
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  const m = typeof text === 'string' ? YUAN.exec(text) : null;
  if (!m) throw badUserInput('AMOUNT_FORMAT', 'An amount is yuan with at most two decimals (fen), e.g. "1234.50"');
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

/** 123450n → "1234.50". */
export function formatYuan(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** Fen as yuan in a JS number (the older `amount: Float` field); exact below 2^53 fen. */
export const fenToYuanNumber = (fen: bigint): number => Number(fen) / 100;

/** Yuan (a product's maximum, stored as a Float of whole yuan) as fen. */
export const yuanToFen = (yuan: number): bigint => BigInt(Math.round(yuan * 100));

export function checkAmount(fen: bigint, maxYuan: number): bigint {
  if (fen <= 0n || fen > MAX_AMOUNT_FEN) throw badUserInput('AMOUNT_RANGE', `An amount must be above 0 and at most ${formatYuan(MAX_AMOUNT_FEN)} yuan`);
  if (fen > yuanToFen(maxYuan)) throw badUserInput('AMOUNT_ABOVE_PRODUCT_MAXIMUM', `The product lends at most ${formatYuan(yuanToFen(maxYuan))} yuan`);
  return fen;
}

// ---- rate and term -----------------------------------------------------------------------------

/** Annual percent above which a rate is a typo (345 for 3.45): above what courts protect for any lender. */
export const MAX_RATE_PERCENT = 24;

/** An annual rate in percent with at most two decimals (3.45) → basis points (345). */
export function checkRate(percent: number, floorPercent: number): number {
  const bp = Math.round(percent * 100);
  if (!Number.isFinite(percent) || Math.abs(percent * 100 - bp) > 1e-6) {
    throw badUserInput('RATE_FORMAT', 'rate is an annual percentage with at most two decimals, e.g. 3.45');
  }
  if (bp <= 0 || bp > MAX_RATE_PERCENT * 100) throw badUserInput('RATE_RANGE', `rate must be above 0 and at most ${MAX_RATE_PERCENT} (percent a year)`);
  if (bp < Math.round(floorPercent * 100)) throw badUserInput('RATE_BELOW_PRODUCT_FLOOR', `The product's rate starts at ${floorPercent}%`);
  return bp;
}

export function checkTerm(months: number, productMonths: number): number {
  if (!Number.isInteger(months) || months < 1) throw badUserInput('TERM_RANGE', 'termMonths must be a whole number of months, at least 1');
  if (months > productMonths) throw badUserInput('TERM_ABOVE_PRODUCT', `The product lends for at most ${productMonths} months`);
  return months;
}

// ---- rows --------------------------------------------------------------------------------------

export interface ProductTerms {
  id: string;
  partnerId: string;
  maxAmount: number;
  minAnnualRate: number;
  termMonths: number;
}

/** What the finance database knows of a borrower: its industry and region when it applied. */
export interface BorrowerProfile {
  industryCode: string;
  regionCode: string;
}

export interface LoanRow {
  id: string;
  uscc: string;
  partnerId: string;
  productId: string;
  reference: string | null;
  purpose: string;
  industryCode: string;
  regionCode: string;
  requestedFen: bigint;
  appliedOn: string;
  appliedMonth: string;
  status: string;
  statusOn: string;
  decidedOn: string | null;
  grantedOn: string | null;
  grantedFen: bigint | null;
  rateBp: number | null;
  termMonths: number | null;
  reason: string | null;
}

export interface Application {
  id: string;
  uscc: string;
  product: ProductTerms;
  requestedFen: bigint;
  purpose: string;
  reference: string | null;
  borrower: BorrowerProfile;
  /** CST day of the report. */
  on: string;
}

/** The row of a new application (the amount checked against the product). */
export function applicationRow(a: Application): LoanRow {
  return {
    id: a.id, uscc: a.uscc, partnerId: a.product.partnerId, productId: a.product.id, reference: a.reference,
    purpose: a.purpose, industryCode: a.borrower.industryCode, regionCode: a.borrower.regionCode,
    requestedFen: checkAmount(a.requestedFen, a.product.maxAmount), appliedOn: a.on, appliedMonth: a.on.slice(0, 7),
    status: 'APPLIED', statusOn: a.on, decidedOn: null, grantedOn: null, grantedFen: null, rateBp: null, termMonths: null, reason: null,
  };
}

export interface OutcomeReport {
  status: LoanOutcome;
  amountFen?: bigint | null;
  ratePercent?: number | null;
  termMonths?: number | null;
  reason?: string | null;
  /** CST day of the report. */
  on: string;
}

/** The columns an outcome changes, or `null` for a repeat of the status the loan has (nothing to write). */
export type LoanChange = Pick<LoanRow, 'status' | 'statusOn'> & Partial<Pick<LoanRow, 'decidedOn' | 'grantedOn' | 'grantedFen' | 'rateBp' | 'termMonths' | 'reason'>>;

export function outcomeChange(loan: Pick<LoanRow, 'status' | 'grantedFen' | 'rateBp' | 'termMonths'>, product: ProductTerms, r: OutcomeReport): LoanChange | null {
  const from = loan.status as LoanStatus;
  const terms = r.amountFen != null || r.ratePercent != null || r.termMonths != null;
  if (r.status !== 'GRANTED' && terms) {
    throw badUserInput('LOAN_TERMS_UNEXPECTED', `amount, rate and termMonths are the terms of a grant; a ${r.status} report carries none`);
  }
  if (r.status === 'GRANTED') {
    if (r.amountFen == null || r.ratePercent == null || r.termMonths == null) {
      throw badUserInput('LOAN_TERMS_REQUIRED', 'A GRANTED report names the amount, rate and termMonths granted');
    }
    const granted = {
      grantedFen: checkAmount(r.amountFen, product.maxAmount),
      rateBp: checkRate(r.ratePercent, product.minAnnualRate),
      termMonths: checkTerm(r.termMonths, product.termMonths),
    };
    if (from === 'GRANTED') {
      const same = granted.grantedFen === loan.grantedFen && granted.rateBp === loan.rateBp && granted.termMonths === loan.termMonths;
      if (same) return null;
      throw invalidState('This loan was reported GRANTED with other terms; a grant is reported once.', from);
    }
    refuseStep(from, r.status);
    return { status: 'GRANTED', statusOn: r.on, decidedOn: r.on, grantedOn: r.on, ...granted, reason: r.reason ?? null };
  }
  if (from === r.status) return null;
  refuseStep(from, r.status);
  return { status: r.status, statusOn: r.on, ...(r.status === 'REJECTED' ? { decidedOn: r.on } : {}), ...(r.reason != null ? { reason: r.reason } : {}) };
}

function refuseStep(from: LoanStatus, to: LoanOutcome): void {
  if (!NEXT_STATUSES[from]?.includes(to)) {
    const allowed = NEXT_STATUSES[from]?.join(' or ') || 'nothing (final)';
    throw invalidState(`A ${from} loan cannot become ${to}; it may become ${allowed}.`, from);
  }
}
