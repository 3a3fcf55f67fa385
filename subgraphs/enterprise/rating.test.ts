import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertArchive, type ArchiveInput } from './db/index.ts';
import { computeRating, gradeOf, type RatingInput } from './rating.ts';
import {
  anonymous, archiveRows, enterpriseCaller, enterpriseRow, FULL_ARCHIVE, institution, mergeArchives, startTestSubgraph,
  TODAY, uscc, type TestSubgraph,
} from './test-support.ts';

const empty: RatingInput = { penalties: [], redList: [], blackList: [], honors: [], commitments: [], inspections: [], evaluations: [] };
const rows = archiveRows('U', 'x');
const penalty = (id: string, severity: string, over: Partial<(typeof rows.penalties)[0]> = {}) => ({ ...rows.penalties[0]!, id, severity, ...over });
const honor = (id: string) => ({ ...rows.honors[0]!, id });

describe('computeRating', () => {
  it('starts at 65 (B2) with no indicator when nothing moves the score', () => {
    expect(computeRating(empty, TODAY)).toEqual({ grade: 'B2', score: 65, indicators: [] });
  });

  it('deducts per penalty by severity, and names the records each indicator rests on', () => {
    const r = computeRating({ ...empty, penalties: [penalty('a', 'GENERAL'), penalty('b', 'GENERAL'), penalty('c', 'SERIOUS'), penalty('d', 'MINOR')] } as never, TODAY);
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
    ] } as never, TODAY);
    expect(r).toEqual({ grade: 'B2', score: 65, indicators: [] });
  });

  it('caps honours at +9 and clamps the score to 100', () => {
    const honors = Array.from({ length: 5 }, (_, i) => honor(`h${i}`));
    const red = Array.from({ length: 8 }, (_, i) => ({ ...rows.listEntries[0]!, id: `r${i}` }));
    const r = computeRating({ ...empty, honors, redList: red } as never, TODAY);
    expect(r.indicators.map((i) => [i.code, i.points, i.basis.length])).toEqual([['RED_LIST', 40, 8], ['HONOR', 9, 5]]);
    expect([r.score, r.grade]).toEqual([100, 'A']);
  });

  it('grades A ≥ 85, B1 ≥ 75, B2 ≥ 65, C ≥ 50, else D', () => {
    expect([85, 84.9, 75, 65, 64, 50, 49.5, 0].map(gradeOf)).toEqual(['A', 'B1', 'B1', 'B2', 'C', 'C', 'D', 'D']);
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
