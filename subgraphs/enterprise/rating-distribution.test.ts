/**
 * Subjects by grade at city scale (issue 16): with the grade tracker current, ratingDistribution
 * counts the grades it keeps (SubjectGrade) with an indexed GROUP BY and rates only the enterprises
 * it has not rated yet; behind, it rates every enterprise. Either way the counts equal rating each
 * enterprise, city-wide and for a region and an industry; the tracker's statements read indexes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ANONYMOUS } from '../../lib/caller.ts';
import { loadCatalogue } from '../../lib/catalogue/index.ts';
import { todayCST } from '../../lib/time.ts';
import { explainPlan } from '../../tests/support/explain.ts';
import { appendChangeEvents } from './db/change-log.ts';
import { insertArchive } from './db/records.ts';
import { trackGrades } from './grades.ts';
import { createLoaders } from './loaders.ts';
import { GRADES, ratingFromLoaders } from './rating.ts';
import { archiveRows, enterpriseRow, mergeArchives, NOW, operator, startTestSubgraph, type TestSubgraph } from './test-support.ts';

const QUERY = `query($r: String, $i: String) { ratingDistribution(region: $r, industry: $i) { total grades { grade count } } }`;
const catalogue = loadCatalogue();
let sg: TestSubgraph;
/** Enterprises 1-8 in 440306 (industry C), 9-12 in 440305 (industry F); records vary so that grades do. */
const ROWS = Array.from({ length: 12 }, (_v, i) => i + 1).map((k) => enterpriseRow(k, k > 8 ? { regionCode: '440305', industryCode: 'F' } : {}));

beforeAll(async () => {
  sg = await startTestSubgraph();
  const parts = ROWS.map((e, i) => {
    const a = archiveRows(e.uscc, `g${i}`);
    switch (i % 4) {
      case 0: return { penalties: a.penalties, listEntries: a.listEntries.filter((l) => l.listType === 'BLACK') };
      case 1: return { penalties: a.penalties.map((p) => ({ ...p, severity: 'SERIOUS' })) };
      case 2: return { listEntries: a.listEntries.filter((l) => l.listType === 'RED'), honors: a.honors };
      default: return {};
    }
  });
  await insertArchive(sg.db, mergeArchives({ enterprises: ROWS }, ...parts));
});
afterAll(() => sg?.stop());

/** The grades of rating each enterprise of `scope` on its own, as every caller sees it. */
async function ratedOneByOne(scope: (e: (typeof ROWS)[number]) => boolean) {
  const loaders = createLoaders(sg.db, { principal: ANONYMOUS, purpose: null, requestId: 't' }, { today: todayCST(NOW), catalogue });
  const grades = await Promise.all(ROWS.filter(scope).map(async (e) => (await ratingFromLoaders(loaders, e.uscc, todayCST(NOW), catalogue)).grade));
  return { total: grades.length, grades: GRADES.map((grade) => ({ grade, count: grades.filter((g) => g === grade).length })) };
}

const SCOPES = [
  [{ r: null, i: null }, () => true],
  [{ r: '440306', i: null }, (e: (typeof ROWS)[number]) => e.regionCode === '440306'],
  [{ r: '440305', i: 'F' }, (e: (typeof ROWS)[number]) => e.regionCode === '440305' && e.industryCode === 'F'],
] as const;

const distribution = async (v: { r: string | null; i: string | null }) => {
  const { body } = await sg.query(operator, QUERY, v);
  expect(body.errors).toBeUndefined();
  return (body.data as { ratingDistribution: unknown }).ratingDistribution;
};
const ratingReads = () => sg.statements.filter((q) => /FROM "AdministrativePenalty"/.test(q)).length;

describe('ratingDistribution from the grade tracker', () => {
  it('equals rating each enterprise before the tracker has rated any of them (all rated here)', async () => {
    for (const [v, scope] of SCOPES) expect(await distribution(v)).toEqual(await ratedOneByOne(scope));
  });

  it('counts the tracker\'s grades without rating anyone once it has rated them all, and still equals rating each', async () => {
    await appendChangeEvents(sg.db, ROWS.map((e) => ({
      type: 'SUBJECT_ADDED', subjectKind: 'LEGAL_PERSON', subject: e.uscc, category: 'OVERVIEW', recordType: 'Enterprise', recordId: e.uscc, source: 'COLLECTION',
    })), NOW, 'sqlite');
    // Behind: events after its cursor, so every enterprise is rated here.
    sg.resetStatements();
    const behind = await distribution({ r: null, i: null });
    expect(ratingReads()).toBeGreaterThan(0);
    expect(behind).toEqual(await ratedOneByOne(() => true));
    expect((await trackGrades(sg.db, { now: NOW, provider: 'sqlite', catalogue })).rated).toBe(12);
    for (const [v, scope] of SCOPES) {
      sg.resetStatements();
      const counted = await distribution(v);
      expect(ratingReads()).toBe(0);
      expect(counted).toEqual(await ratedOneByOne(scope));
    }
  });

  it('rates only the enterprises the tracker has not rated yet', async () => {
    await sg.db.prisma.subjectGrade.deleteMany({ where: { uscc: { in: [ROWS[0]!.uscc, ROWS[9]!.uscc] } } });
    for (const [v, scope] of SCOPES) expect(await distribution(v)).toEqual(await ratedOneByOne(scope));
  });

  it('reads the kept grades through indexes: the grade index city-wide, the scope\'s enterprise index otherwise', async () => {
    for (const [v] of SCOPES) {
      sg.resetStatements();
      await distribution(v);
      const statements = sg.statements.filter((q) => /SubjectGrade|GradeTrackerCursor/.test(q) && !/NOT EXISTS/.test(q));
      expect(statements.length).toBe(2);
      for (const sql of statements) {
        const plan = await explainPlan('sqlite', { file: sg.file }, sql, () => v.r ?? v.i ?? 'C');
        for (const line of plan.split('\n').filter((l) => /^(SCAN|SEARCH) /.test(l))) {
          // City-wide, the count reads the grade index alone (bench/statistics.ts measures it at 100,000 enterprises).
          if (v.r === null && line === 'SCAN SubjectGrade USING COVERING INDEX SubjectGrade_grade_idx') continue;
          expect([sql, line]).toEqual([sql, expect.stringMatching(/^SEARCH .* USING (COVERING )?(INDEX|PRIMARY KEY|INTEGER PRIMARY KEY)/)]);
        }
      }
    }
  });
});
