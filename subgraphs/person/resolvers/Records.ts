import type { JudgmentDebtorCaseResolvers, PersonPenaltyResolvers } from '../../../codegen/person.ts';

/** A record withdrawn after an upheld objection (only the person still sees it). */
const withdrawn = (row: { status: string }): boolean => row.status === 'WITHDRAWN';

export const PersonPenalty: PersonPenaltyResolvers = {
  withdrawn,
  /** Credit repair granted (repair.ts): only the person still sees it. */
  repaired: (row) => row.status === 'REPAIRED',
};

export const JudgmentDebtorCase: JudgmentDebtorCaseResolvers = { withdrawn };
