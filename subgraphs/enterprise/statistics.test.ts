/**
 * creditStatistics at the enterprise subgraph (issue 16): a known set of list entries, objections,
 * repairs and sanction checks over January and February 2026 (CST), its exact figures city-wide
 * and for a region and an industry, on SQLite and PostgreSQL; the statements' plans use an index
 * on both; who may ask.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { explainPlan } from '../../tests/support/explain.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../tests/support/postgres.ts';
import { anonymous, enterpriseCaller, enterpriseRow, institution, onlyError, operator, startTestSubgraph, uscc, type TestSubgraph } from './test-support.ts';

const PROVIDERS = postgresAvailable() ? ['sqlite', 'postgresql'] as const : ['sqlite'] as const;
const GOVERNMENT = institution('GOVERNMENT');
/** Today is 2026-03-10 (CST). */
const CLOCK = new Date('2026-03-10T02:00:00Z');

const E = [0, 1, 2, 3, 4].map((n) => uscc(n + 1)); // 440306, industry C
const F = [5, 6].map((n) => uscc(n, '440305')); // 440305, industry F

const listEntry = (id: string, subject: string, listType: string, listName: string, listedOn: string, over: Record<string, unknown> = {}) => ({
  id, uscc: subject, catalogItemCode: listType === 'RED' ? 'RED_LIST' : 'BLACK_LIST', sourceDepartment: 'samr', listType, listName,
  reason: '测试', listingAuthority: '深圳市市场监督管理局', listedOn, publicityEndDate: '2028-12-31', ...over,
});
const objection = (id: string, subject: string, dept: string, filedAt: string, over: Record<string, unknown> = {}) => ({
  id, uscc: subject, recordType: 'AdministrativePenalty', recordId: `p-${id}`, reason: '测试', status: 'FILED', sourceDepartment: dept,
  filedAt: new Date(filedAt), checkDueOn: '2026-01-01', ...over,
});
const repair = (id: string, subject: string, dept: string | null, appliedAt: string, over: Record<string, unknown> = {}) => ({
  id, uscc: subject, recordType: 'AdministrativePenalty', recordId: `p-${id}`, commitment: '承诺', evidence: '[]', status: 'PENDING',
  appliedAt: new Date(appliedAt), dueOn: '2026-12-31', departmentCode: dept, ...over,
});
const check = (id: string, day: string, matterCode: string, subjects: number, restricted: number, incentive: number) => ({
  id, at: new Date(`${day}T02:00:00Z`), day, institutionId: 'inst-government', matterCode, stage: 'ACCEPTANCE', subjects, restricted, incentive,
});
const sanctionCase = (id: string, checkId: string, day: string, matterCode: string, decision: string, outcome: string | null) => ({
  id, checkId, position: 0, subjectKind: 'ENTERPRISE', subjectKey: id, subject: id, decision, measures: 'R_SUBSIDY', matterCode,
  stage: 'ACCEPTANCE', institutionId: 'inst-government', day, at: new Date(`${day}T02:00:00Z`), outcome,
});

const QUERY = /* GraphQL */ `
  query ($from: Date!, $to: Date!, $region: String, $industry: String) {
    creditStatistics(from: $from, to: $to, region: $region, industry: $industry) {
      key from to regionCode industryCode months enterprises
      lists { listType activeEntries activeSubjects entered left monthly { month entered left } }
      seriousDishonesty { subjects share }
      objections { received decided overdue medianDaysToDecide byDepartment { department received decided overdue } monthly { month received decided } }
      repairs { received decided overdue medianDaysToDecide byDepartment { department received decided overdue } monthly { month received decided } }
      sanctions {
        checks subjectsChecked interceptions incentives applied notApplied unreported
        byMatter { matterCode matterName implementingDepartment checks subjectsChecked interceptions incentives applied notApplied unreported }
        byDepartment { department checks interceptions incentives applied notApplied unreported }
        monthly { month checks interceptions incentives }
      }
    }
  }`;

describe.each(PROVIDERS)('creditStatistics on %s', (provider) => {
  let sg: TestSubgraph;
  let pg: PostgresInstance | null = null;
  let pgUrl: string | undefined;

  beforeAll(async () => {
    pg = provider === 'postgresql' ? await startPostgres() : null;
    sg = await startTestSubgraph({ now: () => CLOCK, postgresUrl: (pgUrl = await pg?.createDatabase('enterprise_statistics')) });
    const prisma = sg.db.prisma;
    await prisma.enterprise.createMany({ data: [
      ...[1, 2, 3, 4].map((n) => enterpriseRow(n)),
      ...[5, 6].map((n) => enterpriseRow(n, { regionCode: '440305', industryCode: 'F', industryName: '批发和零售业' })),
    ] });
    await prisma.listEntry.createMany({ data: [
      listEntry('L1', E[0]!, 'BLACK', '严重违法失信主体名单', '2025-12-01'),
      // The warning list: a black-list entry, not serious dishonesty.
      listEntry('L2', E[0]!, 'BLACK', '经营异常名录', '2026-01-10'),
      listEntry('L3', E[1]!, 'BLACK', '失信被执行人', '2026-02-05', { status: 'REPAIRED', removedOn: '2026-02-20' }),
      listEntry('L4', E[2]!, 'RED', '纳税信用A级纳税人', '2026-01-20'),
      // Its publicity ended before the window's end: entered, not active.
      listEntry('L5', F[0]!, 'BLACK', '重大税收违法失信主体', '2026-02-01', { publicityEndDate: '2026-02-15' }),
      listEntry('L6', F[1]!, 'BLACK', '严重违法失信主体名单', '2024-05-01', { publicityEndDate: null }),
      listEntry('L7', E[3]!, 'RED', '诚信经营示范企业', '2025-06-01', { removedOn: '2026-01-31' }),
    ] });
    await prisma.objection.createMany({ data: [
      objection('O1', E[0]!, 'samr', '2026-01-05T02:00:00Z', { status: 'UPHELD', decision: 'UPHELD', decidedAt: new Date('2026-01-09T14:00:00Z') }),
      objection('O2', E[1]!, 'tax', '2026-02-10T02:00:00Z', { status: 'ROUTED', dueOn: '2026-02-12' }),
      // Filed before the window, decided in it.
      objection('O3', F[0]!, 'samr', '2025-12-20T02:00:00Z', { status: 'REJECTED', decision: 'REJECTED', decidedAt: new Date('2026-01-02T02:00:00Z') }),
      // 16:30 UTC on 31 January is 00:30 on 1 February in CST: a February objection.
      objection('O4', E[2]!, 'samr', '2026-01-31T16:30:00Z', { dueOn: '2026-03-20' }),
      objection('O5', E[0]!, 'samr', '2026-03-01T02:00:00Z', { dueOn: '2026-03-02' }),
    ] });
    await prisma.repairApplication.createMany({ data: [
      repair('R1', E[0]!, 'samr', '2026-01-10T02:00:00Z', { status: 'APPROVED', decidedAt: new Date('2026-01-13T02:00:00Z'), dueOn: '2026-01-15' }),
      repair('R2', E[1]!, null, '2026-02-03T02:00:00Z', { dueOn: '2026-02-06' }),
      repair('R3', F[0]!, 'tax', '2026-02-04T02:00:00Z', { dueOn: '2026-02-09' }),
    ] });
    await prisma.sanctionCheck.createMany({ data: [
      check('C1', '2026-01-15', 'GOV_SUBSIDY', 3, 1, 1),
      check('C2', '2026-02-02', 'GOV_SUBSIDY', 1, 1, 0),
      check('C3', '2026-02-10', 'PUBLIC_TENDER', 2, 0, 1),
      check('C4', '2025-12-31', 'GOV_SUBSIDY', 5, 5, 0),
      check('C5', '2026-01-20', 'GOV_PROCUREMENT', 1, 0, 0),
    ] });
    await prisma.sanctionCase.createMany({ data: [
      sanctionCase('K1', 'C1', '2026-01-15', 'GOV_SUBSIDY', 'RESTRICTED', 'APPLIED'),
      sanctionCase('K2', 'C1', '2026-01-15', 'GOV_SUBSIDY', 'INCENTIVE', null),
      sanctionCase('K3', 'C2', '2026-02-02', 'GOV_SUBSIDY', 'RESTRICTED', 'NOT_APPLIED'),
      sanctionCase('K4', 'C3', '2026-02-10', 'PUBLIC_TENDER', 'INCENTIVE', 'APPLIED'),
      sanctionCase('K5', 'C4', '2025-12-31', 'GOV_SUBSIDY', 'RESTRICTED', 'APPLIED'),
    ] });
  }, 120_000);

  afterAll(async () => {
    await sg?.close();
    await pg?.stop();
  });

  const stats = async (caller: Principal, variables: Record<string, unknown>) => {
    const { body } = await sg.query(caller, QUERY, variables);
    expect(body.errors).toBeUndefined();
    return (body.data as { creditStatistics: Record<string, unknown> }).creditStatistics;
  };
  const WINDOW = { from: '2026-01-01', to: '2026-02-28' };
  const month = (m: string, received: number, decided: number) => ({ month: m, received, decided });

  it('counts the city: lists and their flows, serious dishonesty, objections, repairs and sanctions', async () => {
    expect(await stats(operator, WINDOW)).toEqual({
      key: '2026-01-01/2026-02-28/*/*', from: '2026-01-01', to: '2026-02-28', regionCode: null, industryCode: null,
      months: ['2026-01', '2026-02'], enterprises: 6,
      lists: [
        { listType: 'RED', activeEntries: 1, activeSubjects: 1, entered: 1, left: 1,
          monthly: [{ month: '2026-01', entered: 1, left: 1 }, { month: '2026-02', entered: 0, left: 0 }] },
        { listType: 'BLACK', activeEntries: 3, activeSubjects: 2, entered: 3, left: 1,
          monthly: [{ month: '2026-01', entered: 1, left: 0 }, { month: '2026-02', entered: 2, left: 1 }] },
      ],
      seriousDishonesty: { subjects: 2, share: 2 / 6 },
      objections: {
        received: 3, decided: 2, overdue: 1, medianDaysToDecide: (4.5 + 13) / 2,
        byDepartment: [{ department: 'samr', received: 2, decided: 2, overdue: 0 }, { department: 'tax', received: 1, decided: 0, overdue: 1 }],
        monthly: [month('2026-01', 1, 2), month('2026-02', 2, 0)],
      },
      repairs: {
        received: 3, decided: 1, overdue: 2, medianDaysToDecide: 3,
        byDepartment: [
          { department: 'PLATFORM', received: 1, decided: 0, overdue: 1 },
          { department: 'samr', received: 1, decided: 1, overdue: 0 },
          { department: 'tax', received: 1, decided: 0, overdue: 1 },
        ],
        monthly: [month('2026-01', 1, 1), month('2026-02', 2, 0)],
      },
      sanctions: {
        checks: 4, subjectsChecked: 7, interceptions: 2, incentives: 2, applied: 2, notApplied: 1, unreported: 1,
        byMatter: [
          { matterCode: 'GOV_PROCUREMENT', matterName: '政府采购', implementingDepartment: 'finance', checks: 1, subjectsChecked: 1, interceptions: 0, incentives: 0, applied: 0, notApplied: 0, unreported: 0 },
          { matterCode: 'GOV_SUBSIDY', matterName: '政府补贴', implementingDepartment: 'finance', checks: 2, subjectsChecked: 4, interceptions: 2, incentives: 1, applied: 1, notApplied: 1, unreported: 1 },
          { matterCode: 'PUBLIC_TENDER', matterName: '招标投标', implementingDepartment: 'housing', checks: 1, subjectsChecked: 2, interceptions: 0, incentives: 1, applied: 1, notApplied: 0, unreported: 0 },
        ],
        byDepartment: [
          { department: 'finance', checks: 3, interceptions: 2, incentives: 1, applied: 1, notApplied: 1, unreported: 1 },
          { department: 'housing', checks: 1, interceptions: 0, incentives: 1, applied: 1, notApplied: 0, unreported: 0 },
        ],
        monthly: [{ month: '2026-01', checks: 2, interceptions: 1, incentives: 1 }, { month: '2026-02', checks: 2, interceptions: 1, incentives: 1 }],
      },
    });
  });

  it('narrows lists, objections and repairs to a region, and to a region and industry', async () => {
    const region = await stats(GOVERNMENT, { ...WINDOW, region: '440306' });
    expect(region).toMatchObject({
      key: '2026-01-01/2026-02-28/440306/*', regionCode: '440306', enterprises: 4,
      lists: [
        { listType: 'RED', activeEntries: 1, activeSubjects: 1, entered: 1, left: 1 },
        { listType: 'BLACK', activeEntries: 2, activeSubjects: 1, entered: 2, left: 1 },
      ],
      seriousDishonesty: { subjects: 1, share: 0.25 },
      objections: { received: 3, decided: 1, overdue: 1, medianDaysToDecide: 4.5 },
      repairs: { received: 2, decided: 1, overdue: 1 },
    });
    const both = await stats(GOVERNMENT, { ...WINDOW, region: '440305', industry: 'F' });
    expect(both).toMatchObject({
      enterprises: 2,
      lists: [
        { listType: 'RED', activeEntries: 0, activeSubjects: 0, entered: 0, left: 0 },
        { listType: 'BLACK', activeEntries: 1, activeSubjects: 1, entered: 1, left: 0 },
      ],
      seriousDishonesty: { subjects: 1, share: 0.5 },
      objections: { received: 0, decided: 1, overdue: 0, medianDaysToDecide: 13 },
      repairs: { received: 1, decided: 0, overdue: 1, medianDaysToDecide: null },
    });
    expect((await stats(GOVERNMENT, { ...WINDOW, industry: 'A' })).enterprises).toBe(0);
  });

  it('rates the enterprises in scope when grades are asked for, as ratingDistribution does', async () => {
    const q = `query ($r: String, $i: String) { creditStatistics(from: "2026-01-01", to: "2026-02-28", region: $r, industry: $i) {
      grades { regionCode industryCode total grades { grade count } } } ratingDistribution(region: $r, industry: $i) { total grades { grade count } } }`;
    const { body } = await sg.query(operator, q, { r: '440305', i: 'F' });
    expect(body.errors).toBeUndefined();
    const { creditStatistics, ratingDistribution } = body.data as { creditStatistics: { grades: { total: number; grades: unknown[] } }; ratingDistribution: unknown };
    expect(creditStatistics.grades).toEqual({ regionCode: '440305', industryCode: 'F', ...(ratingDistribution as object) });
    expect(creditStatistics.grades.total).toBe(2);
  });

  it('answers FORBIDDEN to anyone but operators and government, anonymous callers included', async () => {
    for (const caller of [anonymous, enterpriseCaller(E[0]!), institution('FINANCIAL'), institution('PARTNER_CITY')]) {
      const { body } = await sg.query(caller, QUERY, WINDOW);
      expect(onlyError(body)).toMatchObject({ code: 'FORBIDDEN', path: ['creditStatistics'] });
      expect(body.data).toEqual({ creditStatistics: null });
    }
  });

  it('refuses a window that is reversed, longer than 366 days or badly scoped', async () => {
    const reason = async (v: Record<string, unknown>) => onlyError((await sg.query(operator, QUERY, v)).body).reason;
    expect(await reason({ from: '2026-02-01', to: '2026-01-31' })).toBe('PERIOD_ORDER');
    expect(await reason({ from: '2025-01-01', to: '2026-01-02' })).toBe('PERIOD_TOO_LONG');
    expect(await reason({ ...WINDOW, region: '4403' })).toBe('REGION_FORMAT');
    expect(await reason({ ...WINDOW, industry: 'c' })).toBe('INDUSTRY_FORMAT');
  });

  const explain = (sql: string) => explainPlan(provider, { file: sg.file, pgUrl }, sql);

  it('reads every figure through an index, scoped or not: no statement scans a table', async () => {
    const expected: [RegExp, RegExp][] = [
      // Entries active on a day: counted from the covering index of the active entries.
      [/FROM "ListEntry" x.*"listedOn" <= .*GROUP BY/s, /ListEntry_active_idx/],
      [/FROM "ListEntry" x.*"listName" <> /s, /ListEntry_active_idx/],
      [/FROM "ListEntry" x.*"listedOn" >= /s, /ListEntry_listed_idx/],
      [/FROM "ListEntry" x.*"removedOn" >= /s, /ListEntry_active_idx/],
      [/FROM "Objection" x.*"filedAt" >= /s, /Objection_filedAt_idx/],
      [/FROM "Objection" x.*"decidedAt" >= /s, /Objection_decidedAt_idx/],
      [/FROM "RepairApplication" x.*"appliedAt" >= /s, /RepairApplication_appliedAt_idx/],
      [/FROM "RepairApplication" x.*"decidedAt" >= /s, /RepairApplication_decidedAt_idx/],
      [/FROM "SanctionCheck"/, /SanctionCheck_day_idx/],
      [/FROM "SanctionCase"/, /SanctionCase_day_matterCode_idx/],
    ];
    for (const scope of [{}, { region: '440306' }, { region: '440305', industry: 'F' }]) {
      sg.resetStatements();
      await stats(operator, { ...WINDOW, ...scope });
      const statements = sg.statements.filter((q) => /^\s*SELECT/i.test(q));
      // Scoped too: the window's index drives, each row's enterprise is found by its key (db/statistics.ts).
      for (const [pattern, index] of expected) {
        const sql = statements.find((q) => pattern.test(q));
        expect([String(pattern), sql !== undefined]).toEqual([String(pattern), true]);
        expect(await explain(sql!)).toMatch(index);
      }
      for (const sql of statements) {
        const plan = await explain(sql);
        if (provider === 'sqlite') {
          // Every table is searched or read through an index (a covering index for the count).
          for (const line of plan.split('\n').filter((l) => /^(SCAN|SEARCH) /.test(l))) {
            if (/^SCAN Enterprise USING COVERING INDEX/.test(line) && !('region' in scope)) continue; // the city-wide count (bench/statistics.ts)
            expect([sql, line]).toEqual([sql, expect.stringMatching(/^SEARCH .* USING (COVERING )?(INDEX|PRIMARY KEY|INTEGER PRIMARY KEY)/)]);
          }
        } else {
          expect([sql, plan]).toEqual([sql, expect.not.stringMatching(/Seq Scan/)]);
        }
      }
    }
  });
});
