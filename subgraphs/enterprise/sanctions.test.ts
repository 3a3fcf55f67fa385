import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { insertArchive, type ArchiveInput } from './db/index.ts';
import {
  anonymous, common, enterpriseCaller, enterpriseRow, institution, onlyError, operator, startTestSubgraph, uscc,
  type TestSubgraph,
} from './test-support.ts';

const N = 1000;
const gov = institution('GOVERNMENT');
/** A legal historical code that fails only its final check character, on record here. */
const LEGACY = (() => { const good = uscc(5000); return good.slice(0, 17) + (good[17] === '0' ? '1' : '0'); })();

const entry = (id: string, u: string, listType: 'RED' | 'BLACK', listName: string, over: { status?: string; publicityEndDate?: string; listedOn?: string; removedOn?: string | null } = {}) => ({
  ...common(id, u, { status: over.status, publicityEndDate: over.publicityEndDate }),
  listType, listName, reason: '依法认定', listingAuthority: '认定单位', listedOn: over.listedOn ?? '2024-04-01', removedOn: over.removedOn ?? null,
});

/**
 * Subject n: every 10th on 失信被执行人 (black), every 7th on 纳税信用A级纳税人 (red); 3, 13, 23 and
 * 33 have black entries that are not in force (expired, removed, repaired, listed in the future).
 */
function fixture(): ArchiveInput {
  const listEntries = [];
  for (let n = 1; n <= N; n++) {
    if (n % 10 === 0) listEntries.push(entry(`black-${n}`, uscc(n), 'BLACK', '失信被执行人'));
    if (n % 7 === 0) listEntries.push(entry(`red-${n}`, uscc(n), 'RED', '纳税信用A级纳税人'));
  }
  listEntries.push(
    entry('expired-3', uscc(3), 'BLACK', '失信被执行人', { publicityEndDate: '2025-06-14' }),
    entry('removed-13', uscc(13), 'BLACK', '失信被执行人', { removedOn: '2025-06-15' }),
    entry('repaired-23', uscc(23), 'BLACK', '失信被执行人', { status: 'REPAIRED' }),
    entry('future-33', uscc(33), 'BLACK', '失信被执行人', { listedOn: '2025-06-16' }),
    entry('removal-due-43', uscc(43), 'BLACK', '失信被执行人', { removedOn: '2025-06-16' }),
    entry('tax-red-as-black-53', uscc(53), 'BLACK', '纳税信用A级纳税人'),
    entry('legacy-black', LEGACY, 'BLACK', '严重违法失信主体名单'),
  );
  return {
    enterprises: [
      ...Array.from({ length: N }, (_, i) => enterpriseRow(i + 1)),
      enterpriseRow(5000, { uscc: LEGACY, usccCheckDigitValid: false }),
    ],
    listEntries,
  };
}

let sg: TestSubgraph;

beforeAll(async () => {
  sg = await startTestSubgraph();
  await insertArchive(sg.db, fixture());
}, 120_000);
afterAll(() => sg?.stop());

const CHECK = `query($s: [ID!]!, $m: String!) { checkSanctions(subjects: $s, matterCode: $m) {
  subject decision measures { code name kind } basis { id listType listName } } }`;
type Check = { subject: string; decision: string; measures: { code: string }[]; basis: { id: string }[] };
const checks = (data: unknown) => (data as { checkSanctions: Check[] }).checkSanctions;

describe('Query.sanctionMatters', () => {
  it('lists the catalogue to anyone', async () => {
    const { body } = await sg.query(anonymous, '{ sanctionMatters { code name } }');
    expect(body).toEqual({ data: { sanctionMatters: [
      { code: 'FINANCING', name: '融资授信' }, { code: 'GOV_PROCUREMENT', name: '政府采购' }, { code: 'GOV_SUBSIDY', name: '政府补贴' },
      { code: 'HONOR_AWARD', name: '评优评先' }, { code: 'LAND_SUPPLY', name: '土地供应' }, { code: 'MARKET_ACCESS', name: '市场准入' },
      { code: 'PROJECT_APPROVAL', name: '政府投资项目' }, { code: 'PUBLIC_TENDER', name: '招标投标' },
    ] } });
  });
});

describe('Query.checkSanctions', () => {
  it('restricts a black-listed subject, rewards a red-listed one, and restriction wins over reward', async () => {
    const { body } = await sg.query(gov, CHECK, { s: [uscc(10), uscc(7), uscc(70), uscc(1)], m: 'GOV_SUBSIDY' });
    expect(body).toEqual({ data: { checkSanctions: [
      { subject: uscc(10), decision: 'RESTRICTED', measures: [{ code: 'R_SUBSIDY', name: '限制申请政府补贴和财政性资金支持', kind: 'RESTRICTION' }],
        basis: [{ id: 'black-10', listType: 'BLACK', listName: '失信被执行人' }] },
      { subject: uscc(7), decision: 'INCENTIVE', measures: [{ code: 'I_PRIORITY', name: '同等条件下优先支持', kind: 'INCENTIVE' }],
        basis: [{ id: 'red-7', listType: 'RED', listName: '纳税信用A级纳税人' }] },
      { subject: uscc(70), decision: 'RESTRICTED', measures: [{ code: 'R_SUBSIDY', name: '限制申请政府补贴和财政性资金支持', kind: 'RESTRICTION' }],
        basis: [{ id: 'black-70', listType: 'BLACK', listName: '失信被执行人' }] },
      { subject: uscc(1), decision: 'NONE', measures: [], basis: [] },
    ] } });
  });

  it('applies the measures of the matter asked: several incentives for market access', async () => {
    const { body } = await sg.query(operator, CHECK, { s: [uscc(7)], m: 'MARKET_ACCESS' });
    expect(checks(body.data)[0]!.measures.map((m) => m.code)).toEqual(['I_FAST_TRACK', 'I_TOLERANCE']);
  });

  it('ignores entries not in force: expired, removed, repaired, listed in the future, or a red name on a black list', async () => {
    const subjects = [3, 13, 23, 33, 53].map((n) => uscc(n));
    const { body } = await sg.query(gov, CHECK, { s: [...subjects, uscc(43)], m: 'GOV_SUBSIDY' });
    expect(checks(body.data).map((c) => c.decision)).toEqual(['NONE', 'NONE', 'NONE', 'NONE', 'NONE', 'RESTRICTED']);
  });

  it('answers NONE for a subject unknown here (e.g. a social organisation) and answers duplicates twice', async () => {
    const { body } = await sg.query(gov, CHECK, { s: [uscc(20), uscc(20)], m: 'PUBLIC_TENDER' });
    expect(checks(body.data).map((c) => [c.subject, c.decision])).toEqual([[uscc(20), 'RESTRICTED'], [uscc(20), 'RESTRICTED']]);
    const unknown = await sg.query(gov, CHECK, { s: [uscc(99_999)], m: 'PUBLIC_TENDER' });
    expect(unknown.body).toEqual({ data: { checkSanctions: [{ subject: uscc(99_999), decision: 'NONE', measures: [], basis: [] }] } });
  });

  it('accepts a historical code that fails only its check digit when it is on record', async () => {
    const { body } = await sg.query(gov, CHECK, { s: [LEGACY.toLowerCase()], m: 'LAND_SUPPLY' });
    expect(checks(body.data)).toEqual([{ subject: LEGACY, decision: 'RESTRICTED', measures: [{ code: 'R_LAND', name: '限制参与国有建设用地使用权竞买', kind: 'RESTRICTION' }], basis: [{ id: 'legacy-black', listType: 'BLACK', listName: '严重违法失信主体名单' }] }]);
  });

  it('refuses the whole call for an invalid code, naming its index', async () => {
    const typo = uscc(10).slice(0, 17) + (uscc(10)[17] === '0' ? '1' : '0');
    const format = await sg.query(gov, CHECK, { s: [uscc(1), uscc(2), 'NOT-A-CODE'], m: 'GOV_SUBSIDY' });
    expect(format.body.data).toEqual({ checkSanctions: null });
    expect(onlyError(format.body)).toMatchObject({ path: ['checkSanctions'], code: 'BAD_USER_INPUT', reason: 'USCC_FORMAT', extensions: { index: 2 } });
    const check = await sg.query(gov, CHECK, { s: [uscc(1), typo], m: 'GOV_SUBSIDY' });
    expect(onlyError(check.body)).toMatchObject({ reason: 'USCC_CHECK_DIGIT', extensions: { index: 1 } });
  });

  it('refuses more than 1,000 subjects with TOO_MANY_SUBJECTS and an unknown matter with UNKNOWN_MATTER', async () => {
    const many = Array.from({ length: N + 1 }, (_, i) => uscc(i + 1));
    expect(onlyError((await sg.query(gov, CHECK, { s: many, m: 'GOV_SUBSIDY' })).body)).toMatchObject({ reason: 'TOO_MANY_SUBJECTS' });
    expect(onlyError((await sg.query(gov, CHECK, { s: [uscc(1)], m: 'NO_SUCH_MATTER' })).body)).toMatchObject({ reason: 'UNKNOWN_MATTER' });
  });

  it('answers null with FORBIDDEN to callers other than government institutions and operators', async () => {
    const others: Principal[] = [anonymous, institution('FINANCIAL'), institution('PARTNER_CITY'), institution('CREDIT_SERVICE'), enterpriseCaller(uscc(1))];
    for (const by of others) {
      const { body } = await sg.query(by, CHECK, { s: [uscc(1)], m: 'GOV_SUBSIDY' });
      expect(body.data).toEqual({ checkSanctions: null });
      expect(onlyError(body)).toMatchObject({ path: ['checkSanctions'], code: 'FORBIDDEN' });
    }
  });

  it('checks 1,000 subjects in one batched pass: the same statements as 1 subject, answers in input order', async () => {
    const count = async (subjects: string[]) => {
      sg.statements.length = 0;
      const started = performance.now();
      const { body } = await sg.query(gov, CHECK, { s: subjects, m: 'GOV_SUBSIDY' });
      const ms = performance.now() - started;
      expect(body.errors).toBeUndefined();
      return { results: checks(body.data), statements: [...sg.statements], ms };
    };
    const one = await count([uscc(10)]);
    // Reverse order, so input order is not the database's.
    const subjects = Array.from({ length: N }, (_, i) => uscc(N - i));
    await count(subjects); // warm-up
    const thousand = await count(subjects);
    expect(thousand.statements).toHaveLength(one.statements.length);
    expect(thousand.statements.filter((s) => /"ListEntry"/.test(s))).toHaveLength(1);
    expect(thousand.results.map((r) => r.subject)).toEqual(subjects);
    const expected = (n: number) => (n % 10 === 0 || n === 43 ? 'RESTRICTED' : n % 7 === 0 ? 'INCENTIVE' : 'NONE');
    expect(thousand.results.map((r) => r.decision)).toEqual(subjects.map((_, i) => expected(N - i)));
    // Generous bound (measured here: ~90 ms over HTTP on SQLite, 4 statements): catches a per-subject regression.
    expect(thousand.ms).toBeLessThan(2000);
  });
});
