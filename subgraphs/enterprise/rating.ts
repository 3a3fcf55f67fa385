/**
 * The enterprise government-credit rating (after Yuexiu's: a 65-point start, plus/minus
 * indicators, grades A / B1 / B2 / C / D). Pure: computed from the archive rows the request's
 * loaders already hold, so a page of enterprises with ratings costs no statement more.
 *
 * Only records in publicity count (PUBLISHED and not past their publicity end; list entries also
 * listed and not removed): every caller sees the same grade, and every basis record is one the
 * caller may see. A record under objection does not count against the enterprise until decided.
 *
 * | code                | points                          | rests on                                         |
 * |---------------------|---------------------------------|--------------------------------------------------|
 * | PENALTY_MINOR       | −2 each                         | MINOR penalties in publicity                     |
 * | PENALTY_GENERAL     | −5 each                         | GENERAL penalties in publicity                   |
 * | PENALTY_SERIOUS     | −10 each                        | SERIOUS penalties in publicity                   |
 * | BLACK_LIST          | −15 each                        | active black-list entries                        |
 * | RED_LIST            | +5 each                         | active red-list entries                          |
 * | HONOR               | +3 each, at most +9             | honours in publicity                             |
 * | COMMITMENT_FULFILLED| +2 each, at most +6             | FULFILLED commitments in publicity               |
 * | COMMITMENT_BROKEN   | −8 each                         | BROKEN commitments in publicity                  |
 * | INSPECTION_FAILED   | −3 each                         | inspections in publicity that found problems     |
 * | EVALUATION_A        | +2 each                         | industry evaluations graded A, AA or AAA         |
 *
 * Score = 65 + Σ points, clamped to 0–100. Grade: A ≥ 85, B1 ≥ 75, B2 ≥ 65, C ≥ 50, else D.
 */
import type {
  AdministrativePenalty, CreditCommitment, Honor, IndustryEvaluation, Inspection, ListEntry,
} from '../../prisma/generated/enterprise/sqlite/client.ts';
import { disclosureOf, isActiveListEntry } from './rules.ts';

export const BASE_SCORE = 65;
export const GRADE_THRESHOLDS = [['A', 85], ['B1', 75], ['B2', 65], ['C', 50]] as const;
export type Grade = 'A' | 'B1' | 'B2' | 'C' | 'D';

/** Inspection results that mean nothing was found wrong; any other result is a failed inspection. */
export const PASSING_INSPECTION_RESULTS: ReadonlySet<string> = new Set(['未发现问题', '合格', '正常', '符合要求']);

/** A record tagged with its GraphQL type, for `basis: [ArchiveRecord!]!`. */
export type Tagged<T, N extends string> = T & { __typename: N };
export type BasisRecord =
  | Tagged<AdministrativePenalty, 'AdministrativePenalty'>
  | Tagged<ListEntry, 'ListEntry'>
  | Tagged<Honor, 'Honor'>
  | Tagged<CreditCommitment, 'CreditCommitment'>
  | Tagged<Inspection, 'Inspection'>
  | Tagged<IndustryEvaluation, 'IndustryEvaluation'>;

export interface Indicator {
  code: string;
  name: string;
  points: number;
  basis: BasisRecord[];
}

export interface Rating {
  grade: Grade;
  score: number;
  indicators: Indicator[];
}

export interface RatingInput {
  penalties: readonly AdministrativePenalty[];
  redList: readonly ListEntry[];
  blackList: readonly ListEntry[];
  honors: readonly Honor[];
  commitments: readonly CreditCommitment[];
  inspections: readonly Inspection[];
  evaluations: readonly IndustryEvaluation[];
}

interface Rule<T> {
  code: string;
  name: string;
  per: number;
  /** Largest total in absolute value, if capped. */
  cap?: number;
  negative: boolean;
  select: (row: T) => boolean;
}

export function gradeOf(score: number): Grade {
  for (const [grade, min] of GRADE_THRESHOLDS) if (score >= min) return grade;
  return 'D';
}

export function computeRating(input: RatingInput, today: string): Rating {
  const inPublicity = <T extends { status: string; publicityEndDate: string | null }>(rows: readonly T[]) =>
    rows.filter((r) => disclosureOf(r, today) === 'PUBLISHED');
  const indicators: Indicator[] = [];
  const apply = <T extends { underObjection: boolean }, N extends string>(rows: readonly T[], typename: N, rule: Rule<T>) => {
    const basis = rows.filter((r) => rule.select(r) && !(rule.negative && r.underObjection));
    if (basis.length === 0) return;
    const raw = basis.length * rule.per;
    const points = rule.cap === undefined ? raw : Math.sign(raw) * Math.min(Math.abs(raw), rule.cap);
    indicators.push({ code: rule.code, name: rule.name, points, basis: basis.map((r) => ({ ...r, __typename: typename }) as unknown as BasisRecord) });
  };
  const penalties = inPublicity(input.penalties);
  apply(penalties, 'AdministrativePenalty', { code: 'PENALTY_MINOR', name: '轻微行政处罚', per: -2, negative: true, select: (p) => p.severity === 'MINOR' });
  apply(penalties, 'AdministrativePenalty', { code: 'PENALTY_GENERAL', name: '一般行政处罚', per: -5, negative: true, select: (p) => p.severity === 'GENERAL' });
  apply(penalties, 'AdministrativePenalty', { code: 'PENALTY_SERIOUS', name: '严重行政处罚', per: -10, negative: true, select: (p) => p.severity === 'SERIOUS' });
  apply(input.blackList, 'ListEntry', { code: 'BLACK_LIST', name: '列入黑名单', per: -15, negative: true, select: (e) => e.listType === 'BLACK' && isActiveListEntry(e, today) });
  apply(input.redList, 'ListEntry', { code: 'RED_LIST', name: '列入红名单', per: 5, negative: false, select: (e) => e.listType === 'RED' && isActiveListEntry(e, today) });
  apply(inPublicity(input.honors), 'Honor', { code: 'HONOR', name: '荣誉表彰', per: 3, cap: 9, negative: false, select: () => true });
  const commitments = inPublicity(input.commitments);
  apply(commitments, 'CreditCommitment', { code: 'COMMITMENT_FULFILLED', name: '履行信用承诺', per: 2, cap: 6, negative: false, select: (c) => c.commitmentStatus === 'FULFILLED' });
  apply(commitments, 'CreditCommitment', { code: 'COMMITMENT_BROKEN', name: '违反信用承诺', per: -8, negative: true, select: (c) => c.commitmentStatus === 'BROKEN' });
  apply(inPublicity(input.inspections), 'Inspection', { code: 'INSPECTION_FAILED', name: '双随机抽查发现问题', per: -3, negative: true, select: (i) => !PASSING_INSPECTION_RESULTS.has(i.result) });
  apply(inPublicity(input.evaluations), 'IndustryEvaluation', { code: 'EVALUATION_A', name: '行业信用评价A级', per: 2, negative: false, select: (e) => /^A{1,3}$/.test(e.grade) });
  const total = indicators.reduce((sum, i) => sum + i.points, 0);
  const score = Math.max(0, Math.min(100, BASE_SCORE + total));
  return { grade: gradeOf(score), score, indicators };
}
