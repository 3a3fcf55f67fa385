/**
 * The finance subgraph's data: lenders, their products and an enterprise's loans as their lender
 * would have reported them.
 */
import type { CreditEasyLoan, FinancialPartner, LoanProduct } from '../../generated/finance/sqlite/client.ts';
import {
  applicationRow, outcomeChange, type OutcomeReport, type ProductTerms,
} from '../../../subgraphs/finance/loans/terms.ts';
import { addMonths, isoOf } from '../dates.ts';
import { PARTNERS } from '../vocabulary/organizations.ts';
import { CITIES } from '../vocabulary/places.ts';
import { dayBetween } from './draws.ts';
import { institutionId } from './platform.ts';
import type { Subject } from './records.ts';

const productsByCity = new Map<string, ProductTerms[]>(CITIES.map((c) => [c.key, PARTNERS.flatMap((p, pi) =>
  p.cities.includes(c.key) ? p.products.map((pr, qi) => ({
    id: productIdOf(pi, qi), partnerId: partnerIdOf(pi), maxAmount: pr.maxAmount, minAnnualRate: pr.minAnnualRate, termMonths: pr.termMonths,
  })) : [])]));

function partnerIdOf(pi: number): string {
  return `fp-${String(pi + 1).padStart(2, '0')}`;
}
function productIdOf(pi: number, qi: number): string {
  return `lp-${String(pi + 1).padStart(2, '0')}-${qi + 1}`;
}

const LOAN_PURPOSES = ['流动资金周转', '采购原材料', '设备更新改造', '支付货款', '扩大生产经营'] as const;
/** Days from application to decision in the demo data. */
const DECISION_DAYS = 7;

/**
 * A loan as its lender would have reported it: the application and the outcomes, built by the
 * finance subgraph's own rules (subgraphs/finance/loans/terms.ts), so the row has the shape and
 * the checks of a reported one. The random draws are the ones the seed always made (product, day,
 * amount, status), so every other generated value stays as it was.
 */
export function loan(s: Subject, k: number): CreditEasyLoan {
  const product = s.rng.pick(productsByCity.get(s.city.key)!);
  const granted = s.fresh ? dayBetween(s.rng, s.today - 150, s.today - 30) : dayBetween(s.rng, Math.max(s.established + 90, s.today - 3 * 365), s.today - 1);
  const amount = Math.max(10_000, Math.round((product.maxAmount * (0.05 + 0.75 * s.rng.next())) / 10_000) * 10_000);
  let status: 'APPLIED' | 'GRANTED' | 'REJECTED' | 'REPAID' | 'OVERDUE';
  if (s.fresh) status = 'GRANTED';
  else if (granted > s.today - 30 && s.rng.chance(0.4)) status = 'APPLIED';
  else if (s.rng.chance(0.05)) status = 'REJECTED';
  else if (addMonths(granted, product.termMonths) < s.today) status = s.rng.chance(0.92) ? 'REPAID' : 'OVERDUE';
  else status = s.rng.chance(0.96) ? 'GRANTED' : 'OVERDUE';

  const requestedFen = BigInt(amount) * 100n;
  const applied = status === 'APPLIED' ? granted : granted - DECISION_DAYS;
  let row = applicationRow({
    id: `loan-${s.i}-${k}`, uscc: s.uscc, product, requestedFen, purpose: LOAN_PURPOSES[(s.i + k) % LOAN_PURPOSES.length]!,
    reference: null, borrower: { industryCode: s.industry.code, regionCode: s.district.code }, on: isoOf(applied),
  });
  const report = (outcome: OutcomeReport) => { row = { ...row, ...outcomeChange(row, product, outcome) }; };
  if (status === 'APPLIED') return row;
  if (status === 'REJECTED') {
    report({ status: 'REJECTED', reason: '综合评估未通过', on: isoOf(granted) });
    return row;
  }
  report({ status: 'GRANTED', amountFen: requestedFen, ratePercent: product.minAnnualRate, termMonths: product.termMonths, on: isoOf(granted) });
  const due = addMonths(granted, product.termMonths);
  if (status === 'REPAID') report({ status: 'REPAID', on: isoOf(due) });
  // Overdue the day after the term ended, or (still within the term) midway through the time lent.
  if (status === 'OVERDUE') report({ status: 'OVERDUE', on: isoOf(due < s.today ? due + 1 : granted + Math.floor((s.today - granted) / 2)) });
  return row;
}

export function financeCatalogue(): { partners: FinancialPartner[]; products: LoanProduct[] } {
  return {
    // The demo FINANCIAL institution reports the first lender's loans (reportLoanApplication, reportLoanOutcome).
    partners: PARTNERS.map((p, pi) => ({ id: partnerIdOf(pi), name: p.name, kind: p.kind, institutionId: pi === 0 ? institutionId('FINANCIAL') : null })),
    products: PARTNERS.flatMap((p, pi) => p.products.map((pr, qi) => ({
      id: productIdOf(pi, qi), partnerId: partnerIdOf(pi), name: pr.name, maxAmount: pr.maxAmount,
      minAnnualRate: pr.minAnnualRate, termMonths: pr.termMonths, eligibility: pr.eligibility,
    }))),
  };
}
