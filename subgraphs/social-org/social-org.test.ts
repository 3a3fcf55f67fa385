import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { signCaller, type Principal } from '../../lib/caller.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeUscc } from '../../lib/identifiers/uscc.ts';
import { startSubgraph } from './main.ts';
import { CALLER_SECRET, startTestSubgraph, type TestSubgraph } from './test-support.ts';

// 2026-03-01 17:00 UTC is already 2026-03-02 in China Standard Time.
const NOW = new Date('2026-03-01T17:00:00Z');

const uscc = (authority: string, body: string) => makeUscc({ authority, orgType: '1', regionCode: '330500', orgCodeBody: body });
const RATED = uscc('5', 'MJ000001');
const UNRATED = uscc('5', 'MJ000002');
const MISSING = uscc('5', 'MJ000003');
const ENTERPRISE_USCC = uscc('9', 'MA000001');
/** Flips the final check character: a code that fails only its check. */
const wrongCheck = (code: string) => code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
const LEGACY = wrongCheck(uscc('5', 'MJ000004'));
const MANY = Array.from({ length: 50 }, (_, i) => uscc('5', `MK${String(i).padStart(6, '0')}`));

const GOVERNMENT: Principal = { kind: 'INSTITUTION', institutionId: 'inst-gov', institutionKind: 'GOVERNMENT', institutionName: 'Market regulation', scopes: [] };
const BANK: Principal = { kind: 'INSTITUTION', institutionId: 'inst-bank', institutionKind: 'FINANCIAL', institutionName: 'A bank', scopes: ['loans:read'] };
const OPERATOR: Principal = { kind: 'OPERATOR', operatorId: 'op-1' };
const ENTERPRISE: Principal = { kind: 'ENTERPRISE', uscc: RATED };

const org = (code: string, name: string, rating?: { grade: string; year: number; validUntil: string }) => ({
  uscc: code,
  name,
  orgType: '社会团体',
  registrationAuthority: '湖州市民政局',
  registeredOn: '2015-04-20',
  regionCode: '330500',
  businessScope: '行业交流、培训、咨询服务',
  ratingGrade: rating?.grade ?? null,
  ratingYear: rating?.year ?? null,
  ratingValidUntil: rating?.validUntil ?? null,
});

const penalty = (id: string, decisionDate: string, publicityEndDate: string | null) => ({
  id, uscc: RATED, documentNumber: `湖民罚〔${decisionDate.slice(0, 4)}〕${id}号`, decisionDate,
  violation: '未按规定接受年度检查', penaltyType: '警告', amount: null, sourceDepartment: '湖州市民政局', publicityEndDate,
});

const PENALTY_IN_PUBLICITY = { id: 'pen-1', documentNumber: '湖民罚〔2025〕pen-1号', decisionDate: '2025-06-01', publicityEndDate: '2026-06-01' };
const PENALTY_ENDS_TODAY = { id: 'pen-4', documentNumber: '湖民罚〔2024〕pen-4号', decisionDate: '2024-03-02', publicityEndDate: '2026-03-02' };
const PENALTY_NO_END = { id: 'pen-3', documentNumber: '湖民罚〔2023〕pen-3号', decisionDate: '2023-05-05', publicityEndDate: null };
const PENALTY_EXPIRED = { id: 'pen-2', documentNumber: '湖民罚〔2022〕pen-2号', decisionDate: '2022-01-10', publicityEndDate: '2026-03-01' };

const ORG_QUERY = /* GraphQL */ `
  query ($uscc: ID!) {
    socialOrganization(uscc: $uscc) {
      uscc name orgType registrationAuthority registeredOn regionCode businessScope
      rating { grade year validUntil }
      annualInspections { id year result inspectedOn }
      penalties { id documentNumber decisionDate publicityEndDate }
      honors { id title awardedBy awardedOn }
    }
  }`;

const ENTITIES_QUERY = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on SocialOrganization { uscc name annualInspections { year } penalties { id } honors { title } }
    }
  }`;

let sg: TestSubgraph;

beforeAll(async () => {
  sg = await startTestSubgraph({ now: () => NOW });
  await sg.db.prisma.socialOrganization.createMany({
    data: [
      org(RATED, '湖州市软件行业协会', { grade: '4A', year: 2024, validUntil: '2029-12-31' }),
      org(UNRATED, '湖州市青年志愿者协会'),
      { ...org(LEGACY, '湖州市老年书画研究会'), usccCheckDigitValid: false },
      ...MANY.map((code, i) => org(code, `湖州市第${i}社区服务中心`)),
    ],
  });
  await sg.db.prisma.annualInspection.createMany({
    data: [
      { id: 'ins-1', uscc: RATED, year: 2023, result: '合格', inspectedOn: '2024-05-10' },
      { id: 'ins-2', uscc: RATED, year: 2024, result: '基本合格', inspectedOn: '2025-05-12' },
      ...MANY.map((code, i) => ({ id: `ins-m${i}`, uscc: code, year: 2024, result: '合格', inspectedOn: '2025-05-01' })),
    ],
  });
  await sg.db.prisma.socialOrgPenalty.createMany({
    data: [
      penalty('pen-1', '2025-06-01', '2026-06-01'),
      penalty('pen-2', '2022-01-10', '2026-03-01'),
      penalty('pen-3', '2023-05-05', null),
      penalty('pen-4', '2024-03-02', '2026-03-02'),
      ...MANY.map((code, i) => ({ ...penalty(`pen-m${i}`, '2025-01-01', null), uscc: code })),
    ],
  });
  await sg.db.prisma.socialOrgHonor.createMany({
    data: [
      { id: 'hon-1', uscc: RATED, title: '全省先进社会组织', awardedBy: '浙江省民政厅', awardedOn: '2023-12-01' },
      ...MANY.map((code, i) => ({ id: `hon-m${i}`, uscc: code, title: '优秀社区组织', awardedBy: '湖州市民政局', awardedOn: '2024-01-01' })),
    ],
  });
});

afterAll(async () => {
  await sg?.close();
});

beforeEach(() => sg.resetStatements());

describe('Query.socialOrganization', () => {
  it('returns a rated social organisation with its inspections, publicised penalties and honours to the anonymous public', async () => {
    const res = await sg.query(ORG_QUERY, { uscc: RATED });
    expect(res).toEqual({
      status: 200,
      body: {
        data: {
          socialOrganization: {
            uscc: RATED,
            name: '湖州市软件行业协会',
            orgType: '社会团体',
            registrationAuthority: '湖州市民政局',
            registeredOn: '2015-04-20',
            regionCode: '330500',
            businessScope: '行业交流、培训、咨询服务',
            rating: { grade: '4A', year: 2024, validUntil: '2029-12-31' },
            annualInspections: [
              { id: 'ins-2', year: 2024, result: '基本合格', inspectedOn: '2025-05-12' },
              { id: 'ins-1', year: 2023, result: '合格', inspectedOn: '2024-05-10' },
            ],
            penalties: [PENALTY_IN_PUBLICITY, PENALTY_ENDS_TODAY, PENALTY_NO_END],
            honors: [{ id: 'hon-1', title: '全省先进社会组织', awardedBy: '浙江省民政厅', awardedOn: '2023-12-01' }],
          },
        },
      },
    });
  });

  it('answers a lower-case code with surrounding spaces under its normalised form', async () => {
    const res = await sg.query('query ($uscc: ID!) { socialOrganization(uscc: $uscc) { uscc } }', { uscc: `  ${RATED.toLowerCase()} ` });
    expect(res.body).toEqual({ data: { socialOrganization: { uscc: RATED } } });
  });

  it('returns a null rating and empty lists for an unrated organisation without records', async () => {
    const res = await sg.query('query ($uscc: ID!) { socialOrganization(uscc: $uscc) { uscc rating { grade } annualInspections { id } penalties { id } honors { id } } }', { uscc: UNRATED });
    expect(res.body).toEqual({ data: { socialOrganization: { uscc: UNRATED, rating: null, annualInspections: [], penalties: [], honors: [] } } });
  });

  it('returns null without an error for a valid code of another registering authority', async () => {
    const res = await sg.query(ORG_QUERY, { uscc: ENTERPRISE_USCC });
    expect(res.body).toEqual({ data: { socialOrganization: null } });
    expect(sg.statements).toEqual([]);
  });

  it('returns null without an error for a valid social-organisation code with no record', async () => {
    const res = await sg.query(ORG_QUERY, { uscc: MISSING });
    expect(res.body).toEqual({ data: { socialOrganization: null } });
  });

  it('returns BAD_USER_INPUT with reason USCC_FORMAT for a malformed code', async () => {
    const res = await sg.query(ORG_QUERY, { uscc: '5133050O12345678' });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ socialOrganization: null });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: ['socialOrganization'], extensions: { code: 'BAD_USER_INPUT', reason: 'USCC_FORMAT' } }),
    ]);
  });

  it('returns BAD_USER_INPUT with reason USCC_CHECK_DIGIT for a code failing its check with no record', async () => {
    const res = await sg.query(ORG_QUERY, { uscc: wrongCheck(UNRATED) });
    expect(res.body.data).toEqual({ socialOrganization: null });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: ['socialOrganization'], extensions: { code: 'BAD_USER_INPUT', reason: 'USCC_CHECK_DIGIT' } }),
    ]);
  });

  it('answers a code failing only its check digit when a record exists under exactly that code', async () => {
    const res = await sg.query('query ($uscc: ID!) { socialOrganization(uscc: $uscc) { uscc name } }', { uscc: LEGACY });
    expect(res.body).toEqual({ data: { socialOrganization: { uscc: LEGACY, name: '湖州市老年书画研究会' } } });
  });
});

describe('SocialOrganization.penalties', () => {
  const penaltiesOf = async (principal: Principal) => {
    const res = await sg.query('query ($uscc: ID!) { socialOrganization(uscc: $uscc) { penalties { id } } }', { uscc: RATED }, principal);
    expect(res.body.errors).toBeUndefined();
    return (res.body.data as { socialOrganization: { penalties: { id: string }[] } }).socialOrganization.penalties.map((p) => p.id);
  };

  it('hides penalties past their publicity end date (CST) from the public, enterprises and banks', async () => {
    for (const principal of [{ kind: 'ANONYMOUS' } as Principal, ENTERPRISE, BANK, { kind: 'PERSON', personId: 'p-1' } as Principal]) {
      expect(await penaltiesOf(principal)).toEqual(['pen-1', 'pen-4', 'pen-3']);
    }
  });

  it('shows penalties past their publicity end date to government institutions and operators', async () => {
    expect(await penaltiesOf(GOVERNMENT)).toEqual(['pen-1', 'pen-4', 'pen-3', 'pen-2']);
    expect(await penaltiesOf(OPERATOR)).toEqual(['pen-1', 'pen-4', 'pen-3', 'pen-2']);
  });
});

describe('_entities (federation)', () => {
  it('resolves SocialOrganization references and null for an unknown code', async () => {
    const res = await sg.query(ENTITIES_QUERY, {
      representations: [{ __typename: 'SocialOrganization', uscc: UNRATED }, { __typename: 'SocialOrganization', uscc: MISSING }],
    });
    expect(res.body).toEqual({
      data: { _entities: [{ uscc: UNRATED, name: '湖州市青年志愿者协会', annualInspections: [], penalties: [], honors: [] }, null] },
    });
  });

  it('costs one statement per loader: 50 organisations with their lists cost the same as 5', async () => {
    const run = async (codes: string[]) => {
      sg.resetStatements();
      const res = await sg.query(ENTITIES_QUERY, { representations: codes.map((code) => ({ __typename: 'SocialOrganization', uscc: code })) });
      expect(res.body.errors).toBeUndefined();
      expect((res.body.data as { _entities: unknown[] })._entities).toHaveLength(codes.length);
      expect((res.body.data as { _entities: unknown[] })._entities[codes.length - 1]).toEqual({
        uscc: codes[codes.length - 1], name: `湖州市第${codes.length - 1}社区服务中心`,
        annualInspections: [{ year: 2024 }], penalties: [{ id: `pen-m${codes.length - 1}` }], honors: [{ title: '优秀社区组织' }],
      });
      return sg.statements.length;
    };
    const five = await run(MANY.slice(0, 5));
    const fifty = await run(MANY);
    expect(five).toBe(4); // organisations, inspections, penalties, honours
    expect(fifty).toBe(five);
  });
});

describe('caller header', () => {
  const body = JSON.stringify({ query: ORG_QUERY, variables: { uscc: RATED } });

  it('refuses an unsigned call with 401 UNAUTHENTICATED', async () => {
    const res = await sg.post(body);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ data: null, errors: [expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })] });
    expect(sg.statements).toEqual([]);
  });

  it('refuses a caller header signed for another body with 401 UNAUTHENTICATED', async () => {
    const other = JSON.stringify({ query: ORG_QUERY, variables: { uscc: UNRATED } });
    const signed = signCaller({ principal: OPERATOR, purpose: null, requestId: 't' }, other, CALLER_SECRET);
    const res = await sg.post(body, { 'x-creditgraph-caller': signed });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });
});

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    const base = sg.url.replace(/\/graphql$/, '');
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok', service: 'social-org' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', service: 'social-org' });
  });

  it('is not ready over a database whose migrations are pending', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-social-org-unmigrated-'));
    const running = await startSubgraph({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir, CALLER_SIGNING_SECRET: CALLER_SECRET }, { port: 0 });
    try {
      const ready = await fetch(running.url.replace(/\/graphql$/, '/readyz'));
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'not ready', service: 'social-org' });
    } finally {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
