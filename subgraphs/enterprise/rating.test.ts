import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertArchive, type ArchiveInput } from './db/index.ts';
import { readFileSync } from 'node:fs';
import { generateEnterprise } from '../../prisma/seed/synthetic/enterprises.ts';
import { makePlan } from '../../prisma/seed/synthetic/plan.ts';
import { buildRatingTable, computeRating, DEFAULT_RATING_FILE, GRADES, gradeOf, type RatingInput } from './rating.ts';

import { loadCatalogue } from '../../lib/catalogue/index.ts';

const CATALOGUE = loadCatalogue();
const RATING_JSON = JSON.parse(readFileSync(DEFAULT_RATING_FILE, 'utf8')) as { indicators: { code: string; points: number }[]; thresholds: unknown[] } & Record<string, unknown>;
import {
  anonymous, archiveRows, enterpriseCaller, enterpriseRow, FULL_ARCHIVE, institution, mergeArchives, onlyError, operator, startTestSubgraph,
  TODAY, uscc, type TestSubgraph,
} from './test-support.ts';

const empty: RatingInput = { penalties: [], redList: [], blackList: [], honors: [], commitments: [], inspections: [], evaluations: [] };
const rows = archiveRows('U', 'x');
const penalty = (id: string, severity: string, over: Partial<(typeof rows.penalties)[0]> = {}) => ({ ...rows.penalties[0]!, id, severity, ...over });
const honor = (id: string) => ({ ...rows.honors[0]!, id });

describe('computeRating', () => {
  it('starts at 65 (B2) with no indicator when nothing moves the score', () => {
    expect(computeRating(empty, TODAY, CATALOGUE)).toEqual({ grade: 'B2', score: 65, indicators: [] });
  });

  it('deducts per penalty by severity, and names the records each indicator rests on', () => {
    const r = computeRating({ ...empty, penalties: [penalty('a', 'GENERAL'), penalty('b', 'GENERAL'), penalty('c', 'SERIOUS'), penalty('d', 'MINOR')] } as never, TODAY, CATALOGUE);
    expect(r.score).toBe(65 - 2 - 10 - 10);
    expect(r.grade).toBe('D');
    expect(r.indicators.map((i) => [i.code, i.points, i.basis.map((b) => `${b.__typename}:${b.id}`)])).toEqual([
      ['PENALTY_MINOR', -2, ['AdministrativePenalty:d']],
      ['PENALTY_GENERAL', -10, ['AdministrativePenalty:a', 'AdministrativePenalty:b']],
      ['PENALTY_SERIOUS', -10, ['AdministrativePenalty:c']],
    ]);
  });

  it('counts only records in publicity, and nothing against a record under objection', () => {
    const r = computeRating({ ...empty, penalties: [
      penalty('expired', 'GENERAL', { publicityEndDate: '2025-06-14' }),
      penalty('repaired', 'GENERAL', { status: 'REPAIRED' }),
      penalty('contested', 'SERIOUS', { underObjection: true }),
    ] } as never, TODAY, CATALOGUE);
    expect(r).toEqual({ grade: 'B2', score: 65, indicators: [] });
  });

  it('caps honours at +9 and clamps the score to 100', () => {
    const honors = Array.from({ length: 5 }, (_, i) => honor(`h${i}`));
    const red = Array.from({ length: 8 }, (_, i) => ({ ...rows.listEntries[0]!, id: `r${i}` }));
    const r = computeRating({ ...empty, honors, redList: red } as never, TODAY, CATALOGUE);
    expect(r.indicators.map((i) => [i.code, i.points, i.basis.length])).toEqual([['RED_LIST', 40, 8], ['HONOR', 9, 5]]);
    expect([r.score, r.grade]).toEqual([100, 'A']);
  });

  it('grades by the table\'s thresholds: A ≥ 71, B1 ≥ 66, B2 ≥ 65, C ≥ 53, else D', () => {
    expect([85, 71, 70.9, 66, 65, 64, 53, 52.5, 0].map((s) => gradeOf(s))).toEqual(['A', 'A', 'B1', 'B1', 'B2', 'C', 'C', 'D', 'D']);
  });

  it('takes points, caps, base and thresholds from the table it is given', () => {
    const table = buildRatingTable({ ...RATING_JSON, base: 80, indicators: RATING_JSON.indicators.map((i) => (i.code === 'PENALTY_MINOR' ? { ...i, points: -20 } : i)) });
    expect(computeRating({ ...empty, penalties: [penalty('d', 'MINOR')] } as never, TODAY, CATALOGUE, table)).toMatchObject({ score: 60, grade: 'C' });
    expect(() => buildRatingTable({ ...RATING_JSON, thresholds: [...RATING_JSON.thresholds].reverse() })).toThrow(/thresholds/);
  });
});

describe('the calibrated distribution (issue 16)', () => {
  it('gives the synthetic population a Yuexiu-like distribution: C the largest, then B2, B1, D, A, every grade present', () => {
    // Yuexiu (seed 004): A 4,680 / B1 10,625 / B2 21,957 / C 67,387 / D 5,169, i.e. 4.3 / 9.7 / 20.0 / 61.4 / 4.7 %.
    // The thresholds before issue 16 (A ≥ 85, B1 ≥ 75, C ≥ 50) left A empty and B1 under 1 %.
    const N = 5000;
    const plan = makePlan({ enterprises: N, persons: 3, today: '2026-03-15', now: new Date('2026-03-15T02:00:00Z') });
    const counts = new Map<string, number>(GRADES.map((g) => [g, 0]));
    for (let i = 0; i < N; i++) {
      const b = generateEnterprise(i, plan);
      const { grade } = computeRating({
        penalties: b.penalties, redList: b.lists.filter((l) => l.listType === 'RED'), blackList: b.lists.filter((l) => l.listType === 'BLACK'),
        honors: b.honors, commitments: b.commitments, inspections: b.inspections, evaluations: b.evaluations,
      }, '2026-03-15', CATALOGUE);
      counts.set(grade, counts.get(grade)! + 1);
    }
    const share = Object.fromEntries([...counts].map(([g, n]) => [g, Math.round((1000 * n) / N) / 10]));
    // Measured: A 3.1 / B1 10.4 / B2 32.6 / C 48.9 / D 5.0 % on 10,000 (lib/catalogue/rating.json).
    expect(share.C).toBeGreaterThan(share.B2);
    expect(share.B2).toBeGreaterThan(share.B1);
    expect(share.B1).toBeGreaterThan(share.D);
    expect(share.D).toBeGreaterThan(share.A);
    expect(share.A).toBeGreaterThanOrEqual(2);
    expect(share.C).toBeGreaterThan(40);
  });
});

describe('Enterprise.rating', () => {
  const N = 50;
  let sg: TestSubgraph;

  beforeAll(async () => {
    sg = await startTestSubgraph();
    const parts: ArchiveInput[] = [{ enterprises: Array.from({ length: N }, (_, i) => enterpriseRow(i + 1)) }];
    for (let n = 1; n <= N; n++) parts.push(archiveRows(uscc(n), `e${n}`));
    const e1 = archiveRows(uscc(1), 'more');
    parts.push({
      inspections: [{ ...e1.inspections[0]!, result: '发现问题已责令整改' }],
      commitments: [{ ...e1.commitments[0]!, commitmentStatus: 'BROKEN' }, { ...e1.commitments[0]!, id: 'more-com2', commitmentStatus: 'FULFILLED' }],
    });
    await insertArchive(sg.db, mergeArchives(...parts));
  });
  afterAll(() => sg?.stop());

  const RATING = 'rating { grade score indicators { code name points basis { __typename id } } }';

  it('rates an enterprise from its archive and shows the indicators that moved the score with their records', async () => {
    const { body } = await sg.query(anonymous, `query($u: ID!) { enterprise(uscc: $u) { ${RATING} } }`, { u: uscc(1) });
    expect(body).toEqual({ data: { enterprise: { rating: {
      grade: 'D', score: 65 - 5 - 15 + 5 + 3 + 2 - 8 - 3 + 2,
      indicators: [
        { code: 'PENALTY_GENERAL', name: '一般行政处罚', points: -5, basis: [{ __typename: 'AdministrativePenalty', id: 'e1-pen' }] },
        { code: 'BLACK_LIST', name: '列入黑名单', points: -15, basis: [{ __typename: 'ListEntry', id: 'e1-black' }] },
        { code: 'RED_LIST', name: '列入红名单', points: 5, basis: [{ __typename: 'ListEntry', id: 'e1-red' }] },
        { code: 'HONOR', name: '荣誉表彰', points: 3, basis: [{ __typename: 'Honor', id: 'e1-hon' }] },
        { code: 'COMMITMENT_FULFILLED', name: '履行信用承诺', points: 2, basis: [{ __typename: 'CreditCommitment', id: 'more-com2' }] },
        { code: 'COMMITMENT_BROKEN', name: '违反信用承诺', points: -8, basis: [{ __typename: 'CreditCommitment', id: 'more-com' }] },
        { code: 'INSPECTION_FAILED', name: '双随机抽查发现问题', points: -3, basis: [{ __typename: 'Inspection', id: 'more-insp' }] },
        { code: 'EVALUATION_A', name: '行业信用评价A级', points: 2, basis: [{ __typename: 'IndustryEvaluation', id: 'e1-eval' }] },
      ],
    } } } });
  });

  it('gives every caller the same grade', async () => {
    const q = `query($u: ID!) { enterprise(uscc: $u) { ${RATING} } }`;
    const pub = (await sg.query(anonymous, q, { u: uscc(1) })).body;
    expect((await sg.query(institution('GOVERNMENT'), q, { u: uscc(1) })).body).toEqual(pub);
    expect((await sg.query(enterpriseCaller(uscc(1)), q, { u: uscc(1) })).body).toEqual(pub);
  });

  it('counts the enterprises of a region by grade (ratingDistribution), the grades their ratings show, in 8 statements', async () => {
    const page = await sg.query(anonymous, `{ enterprises(first: 50, filter: { regionCode: "440306" }) { edges { node { rating { grade } } } } }`);
    const expected = new Map<string, number>();
    for (const e of (page.body.data as { enterprises: { edges: { node: { rating: { grade: string } } }[] } }).enterprises.edges) {
      expected.set(e.node.rating.grade, (expected.get(e.node.rating.grade) ?? 0) + 1);
    }
    sg.statements.length = 0;
    const { body } = await sg.query(operator, `{ ratingDistribution(region: "440306") { regionCode industryCode total grades { grade count share } } }`);
    expect(body.errors).toBeUndefined();
    const d = (body.data as { ratingDistribution: { total: number; grades: { grade: string; count: number; share: number }[] } }).ratingDistribution;
    expect(d).toMatchObject({ regionCode: '440306', industryCode: null, total: N });
    expect(d.grades.map((g) => g.grade)).toEqual(['A', 'B1', 'B2', 'C', 'D']);
    for (const g of d.grades) expect([g.grade, g.count, g.share]).toEqual([g.grade, expected.get(g.grade) ?? 0, (expected.get(g.grade) ?? 0) / N]);
    // Whether the grade tracker is current (it is not: rating-distribution.ts), one page of enterprises and the 7 lists the ratings read.
    expect(sg.statements).toHaveLength(9);
    expect(onlyError((await sg.query(anonymous, '{ ratingDistribution { total } }')).body)).toMatchObject({ code: 'FORBIDDEN' });
    expect(onlyError((await sg.query(operator, '{ ratingDistribution(region: "44") { total } }')).body)).toMatchObject({ reason: 'REGION_FORMAT' });
    expect((await sg.query(institution('GOVERNMENT'), '{ ratingDistribution(region: "110101") { total } }')).body).toEqual({ data: { ratingDistribution: { total: 0 } } });
  });

  it('costs no statement of its own: a page of 50 with ratings and the whole archive costs what 5 cost', async () => {
    const count = async (first: number) => {
      sg.statements.length = 0;
      const { body } = await sg.query(anonymous, `{ enterprises(first: ${first}) { edges { node { ${FULL_ARCHIVE} ${RATING} } } } }`);
      expect(body.errors).toBeUndefined();
      return sg.statements.length;
    };
    expect([await count(5), await count(50)]).toEqual([11, 11]);
    sg.statements.length = 0;
    await sg.query(anonymous, `{ enterprises(first: 50) { edges { node { ${RATING} } } } }`);
    expect(sg.statements).toHaveLength(8); // the page and the 7 lists the rating reads
  });
});
