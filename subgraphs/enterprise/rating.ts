/**
 * The enterprise government-credit rating (after Yuexiu's: a 65-point start, plus/minus
 * indicators, grades A / B1 / B2 / C / D). Pure: computed from the archive rows the request's
 * loaders already hold, so a page of enterprises with ratings costs no statement more.
 *
 * Only records in publicity count (PUBLISHED and not past their publicity end; list entries also
 * listed and not removed): every caller sees the same grade, and every basis record is one the
 * caller may see. A record under objection does not count against the enterprise until decided.
 *
 * The points, caps, base and grade thresholds are data (lib/catalogue/rating.json, calibrated to
 * Yuexiu's distribution on the synthetic population); what each indicator rests on is here:
 *
 * | code                | points (default)                | rests on                                         |
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
 * Score = base (65) + Σ points, clamped to 0–100. Grade (defaults): A ≥ 71, B1 ≥ 66, B2 ≥ 65,
 * C ≥ 53, else D.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../lib/config.ts';
import type {
  AdministrativePenalty, CreditCommitment, Honor, IndustryEvaluation, Inspection, ListEntry,
} from '../../prisma/generated/enterprise/sqlite/client.ts';
import { disclosureOf, isActiveListEntry, restrictedItemsOf } from './rules.ts';
import type { Catalogue } from '../../lib/catalogue/index.ts';

export type Grade = 'A' | 'B1' | 'B2' | 'C' | 'D';
export const GRADES: readonly Grade[] = ['A', 'B1', 'B2', 'C', 'D'];
export const INDICATOR_CODES = [
  'PENALTY_MINOR', 'PENALTY_GENERAL', 'PENALTY_SERIOUS', 'BLACK_LIST', 'RED_LIST', 'HONOR', 'COMMITMENT_FULFILLED',
  'COMMITMENT_BROKEN', 'INSPECTION_FAILED', 'EVALUATION_A',
] as const;
type IndicatorCode = (typeof INDICATOR_CODES)[number];

const tableSchema = z.object({
  version: z.string().min(1),
  title: z.string().min(1),
  note: z.string().optional(),
  base: z.number().int().min(0).max(100),
  thresholds: z.array(z.object({ grade: z.enum(['A', 'B1', 'B2', 'C']), min: z.number().int().min(0).max(100) }).strict()).length(4),
  indicators: z.array(z.object({
    code: z.enum(INDICATOR_CODES), name: z.string().min(1), points: z.number().int(), cap: z.number().int().positive().optional(),
  }).strict()),
}).strict();

export interface RatingTable {
  base: number;
  /** Highest grade first; below the last: D. */
  thresholds: readonly (readonly [Grade, number])[];
  indicators: ReadonlyMap<IndicatorCode, { name: string; points: number; cap?: number }>;
}

/** Builds the table from parsed JSON (format: lib/catalogue/rating.json); one ConfigError lists every problem. */
export function buildRatingTable(json: unknown, source = 'rating table'): RatingTable {
  const parsed = tableSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${source}: ${i.path.join('.') || '(root)'}: ${i.message}`));
  const t = parsed.data;
  const order = ['A', 'B1', 'B2', 'C'];
  const problems: string[] = [];
  t.thresholds.forEach((th, i) => {
    if (th.grade !== order[i]) problems.push(`${source}: thresholds[${i}] must be grade ${order[i]}`);
    if (i > 0 && th.min > t.thresholds[i - 1]!.min) problems.push(`${source}: thresholds must not rise from A to C`);
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    base: t.base,
    thresholds: t.thresholds.map((th) => [th.grade, th.min] as const),
    indicators: new Map(t.indicators.map((i) => [i.code, { name: i.name, points: i.points, cap: i.cap }])),
  });
}

export const DEFAULT_RATING_FILE = new URL('../../lib/catalogue/rating.json', import.meta.url).pathname;
export const loadRatingTable = (file: string = DEFAULT_RATING_FILE): RatingTable =>
  buildRatingTable(JSON.parse(readFileSync(file, 'utf8')), file);
/** The shipped table: what every rating uses unless handed another. */
export const DEFAULT_RATING_TABLE = loadRatingTable();
export const BASE_SCORE = DEFAULT_RATING_TABLE.base;

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
  code: IndicatorCode;
  negative: boolean;
  select: (row: T) => boolean;
}

export function gradeOf(score: number, table: RatingTable = DEFAULT_RATING_TABLE): Grade {
  for (const [grade, min] of table.thresholds) if (score >= min) return grade;
  return 'D';
}

/**
 * The rating from an archive as some caller's loaders read it: only records every caller may see
 * count (PUBLISHED, and of an item the catalogue does not restrict: rules.ts), so the grade is the
 * same whoever asks and says nothing of a record the asker may not see.
 */
export function computeRating(input: RatingInput, today: string, catalogue: Catalogue, table: RatingTable = DEFAULT_RATING_TABLE): Rating {
  const restricted = restrictedItemsOf(catalogue).any;
  const everyones = <T extends { catalogItemCode: string }>(rows: readonly T[]) =>
    restricted.size === 0 ? rows : rows.filter((r) => !restricted.has(r.catalogItemCode));
  const inPublicity = <T extends { status: string; publicityEndDate: string | null; catalogItemCode: string }>(rows: readonly T[]) =>
    everyones(rows).filter((r) => disclosureOf(r, today) === 'PUBLISHED');
  const indicators: Indicator[] = [];
  const apply = <T extends { underObjection: boolean }, N extends string>(rows: readonly T[], typename: N, rule: Rule<T>) => {
    const weight = table.indicators.get(rule.code);
    if (!weight || weight.points === 0) return;
    const basis = rows.filter((r) => rule.select(r) && !(rule.negative && r.underObjection));
    if (basis.length === 0) return;
    const raw = basis.length * weight.points;
    const points = weight.cap === undefined ? raw : Math.sign(raw) * Math.min(Math.abs(raw), weight.cap);
    indicators.push({ code: rule.code, name: weight.name, points, basis: basis.map((r) => ({ ...r, __typename: typename }) as unknown as BasisRecord) });
  };
  const penalties = inPublicity(input.penalties);
  apply(penalties, 'AdministrativePenalty', { code: 'PENALTY_MINOR', negative: true, select: (p) => p.severity === 'MINOR' });
  apply(penalties, 'AdministrativePenalty', { code: 'PENALTY_GENERAL', negative: true, select: (p) => p.severity === 'GENERAL' });
  apply(penalties, 'AdministrativePenalty', { code: 'PENALTY_SERIOUS', negative: true, select: (p) => p.severity === 'SERIOUS' });
  apply(everyones(input.blackList), 'ListEntry', { code: 'BLACK_LIST', negative: true, select: (e) => e.listType === 'BLACK' && isActiveListEntry(e, today) });
  apply(everyones(input.redList), 'ListEntry', { code: 'RED_LIST', negative: false, select: (e) => e.listType === 'RED' && isActiveListEntry(e, today) });
  apply(inPublicity(input.honors), 'Honor', { code: 'HONOR', negative: false, select: () => true });
  const commitments = inPublicity(input.commitments);
  apply(commitments, 'CreditCommitment', { code: 'COMMITMENT_FULFILLED', negative: false, select: (c) => c.commitmentStatus === 'FULFILLED' });
  apply(commitments, 'CreditCommitment', { code: 'COMMITMENT_BROKEN', negative: true, select: (c) => c.commitmentStatus === 'BROKEN' });
  apply(inPublicity(input.inspections), 'Inspection', { code: 'INSPECTION_FAILED', negative: true, select: (i) => !PASSING_INSPECTION_RESULTS.has(i.result) });
  apply(inPublicity(input.evaluations), 'IndustryEvaluation', { code: 'EVALUATION_A', negative: false, select: (e) => /^A{1,3}$/.test(e.grade) });
  const total = indicators.reduce((sum, i) => sum + i.points, 0);
  const score = Math.max(0, Math.min(100, table.base + total));
  return { grade: gradeOf(score, table), score, indicators };
}

/** The archive lists a rating reads, as the request's loaders hold them. */
interface RatingLoaders {
  penaltiesByUscc: { load(u: string): Promise<AdministrativePenalty[]> };
  redListByUscc: { load(u: string): Promise<ListEntry[]> };
  blackListByUscc: { load(u: string): Promise<ListEntry[]> };
  honorsByUscc: { load(u: string): Promise<Honor[]> };
  commitmentsByUscc: { load(u: string): Promise<CreditCommitment[]> };
  inspectionsByUscc: { load(u: string): Promise<Inspection[]> };
  evaluationsByUscc: { load(u: string): Promise<IndustryEvaluation[]> };
}

/** One enterprise's rating from the loaders (batched with every other enterprise of the request). */
export async function ratingFromLoaders(l: RatingLoaders, uscc: string, today: string, catalogue: Catalogue): Promise<Rating> {
  const [penalties, redList, blackList, honors, commitments, inspections, evaluations] = await Promise.all([
    l.penaltiesByUscc.load(uscc), l.redListByUscc.load(uscc), l.blackListByUscc.load(uscc),
    l.honorsByUscc.load(uscc), l.commitmentsByUscc.load(uscc), l.inspectionsByUscc.load(uscc),
    l.evaluationsByUscc.load(uscc),
  ]);
  return computeRating({ penalties, redList, blackList, honors, commitments, inspections, evaluations }, today, catalogue);
}
