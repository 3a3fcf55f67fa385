import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertArchive } from './db/index.ts';
import {
  anonymous, archiveRows, enterpriseRow, RECORD_FIELDS, startTestSubgraph, uscc, type TestSubgraph,
} from './test-support.ts';

/** A legal historical code that fails only its final check character. */
const LEGACY = (() => { const good = uscc(777); return good.slice(0, 17) + (good[17] === '0' ? '1' : '0'); })();
const ACME = uscc(1);
const NO_RECORD = uscc(999);

let sg: TestSubgraph;

beforeAll(async () => {
  sg = await startTestSubgraph();
  const rows = archiveRows(ACME, 'acme');
  await insertArchive(sg.db, {
    enterprises: [
      enterpriseRow(1, { name: '深圳市示例科技有限公司', legalRepPersonId: 'person-opaque-1' }),
      enterpriseRow(777, { uscc: LEGACY, name: '福建早期试点企业', usccCheckDigitValid: false }),
    ],
    ...rows,
    licenses: [
      ...rows.licenses,
      { ...rows.licenses[0]!, id: 'acme-lic-2', decisionDate: '2024-09-01' },
      { ...rows.licenses[0]!, id: 'acme-lic-3', decisionDate: null },
    ],
  });
});
afterAll(() => sg?.stop());

describe('Query.enterprise', () => {
  it('answers the overview, the legal representative reference and a whole record', async () => {
    const { status, body } = await sg.query(anonymous, `query($u: ID!) { enterprise(uscc: $u) {
      uscc name
      overview { registeredName entityType registrationAuthority establishedOn registeredCapital capitalCurrency
        regionCode regionName industryCode industryName businessScope address registrationStatus }
      legalRepresentative { id }
      penalties { ${RECORD_FIELDS} violation legalBasis penaltyType amount publicityPeriodMonths severity domain }
    } }`, { u: ACME });
    expect(status).toBe(200);
    expect(body).toEqual({ data: { enterprise: {
      uscc: ACME,
      name: '深圳市示例科技有限公司',
      overview: {
        registeredName: '深圳市示例科技有限公司', entityType: '有限责任公司', registrationAuthority: '深圳市市场监督管理局宝安监管局',
        establishedOn: '2015-03-01', registeredCapital: 1000000, capitalCurrency: 'CNY', regionCode: '440306', regionName: '深圳市宝安区',
        industryCode: 'C', industryName: '制造业', businessScope: '电子产品的研发与销售', address: '深圳市宝安区新安街道1号', registrationStatus: '存续',
      },
      legalRepresentative: { id: 'person-opaque-1' },
      penalties: [{
        id: 'acme-pen', catalogItemCode: 'CAT-001', sourceDepartment: '深圳市市场监督管理局', documentNumber: '深市监罚〔2024〕acme-pen号',
        decisionDate: '2024-05-01', validFrom: '2024-05-01', validTo: null, publicityEndDate: '2027-05-01', disclosure: 'PUBLISHED',
        underObjection: false, violation: '未按规定公示年度报告', legalBasis: '《企业信息公示暂行条例》第十条', penaltyType: '罚款',
        amount: 5000, publicityPeriodMonths: 36, severity: 'GENERAL', domain: 'GENERAL',
      }],
    } } });
  });

  it('answers every category with its own fields, the list type and the commitment status', async () => {
    const { body } = await sg.query(anonymous, `query($u: ID!) { enterprise(uscc: $u) {
      licenses { id licenseType licenseNumber licenseName scope }
      redList { id listType listName reason listingAuthority listedOn removedOn }
      blackList { id listType listName }
      certificates { id certificateType certificateNumber issuer }
      inspections { id inspectionItem inspectedOn result inspectingAuthority }
      commitments { id commitmentType content committedOn status disclosure }
      evaluations { id industry grade evaluator year }
      honors { id title awardedBy level }
      otherRecords { id category title content }
    } }`, { u: ACME });
    expect(body).toEqual({ data: { enterprise: {
      licenses: [
        { id: 'acme-lic-2', licenseType: '普通', licenseNumber: 'L-1', licenseName: '食品经营许可证', scope: '预包装食品销售' },
        { id: 'acme-lic', licenseType: '普通', licenseNumber: 'L-1', licenseName: '食品经营许可证', scope: '预包装食品销售' },
        { id: 'acme-lic-3', licenseType: '普通', licenseNumber: 'L-1', licenseName: '食品经营许可证', scope: '预包装食品销售' },
      ],
      redList: [{ id: 'acme-red', listType: 'RED', listName: '纳税信用A级纳税人', reason: '年度纳税信用评价A级', listingAuthority: '国家税务总局深圳市税务局', listedOn: '2024-04-01', removedOn: null }],
      blackList: [{ id: 'acme-black', listType: 'BLACK', listName: '失信被执行人' }],
      certificates: [{ id: 'acme-cert', certificateType: '营业执照', certificateNumber: 'C-1', issuer: '深圳市市场监督管理局' }],
      inspections: [{ id: 'acme-insp', inspectionItem: '年报公示信息抽查', inspectedOn: '2024-06-01', result: '未发现问题', inspectingAuthority: '宝安区市场监督管理局' }],
      commitments: [{ id: 'acme-com', commitmentType: '信用修复承诺', content: '按时履行', committedOn: '2024-02-01', status: 'IN_FORCE', disclosure: 'PUBLISHED' }],
      evaluations: [{ id: 'acme-eval', industry: '建筑业', grade: 'AA', evaluator: '深圳市建筑业协会', year: 2024 }],
      honors: [{ id: 'acme-hon', title: '守合同重信用企业', awardedBy: '深圳市市场监督管理局', level: '市级' }],
      otherRecords: [{ id: 'acme-oth', category: '纳税信用', title: '纳税信用等级', content: 'A' }],
    } } });
  });

  it('normalizes a lower-case code with spaces around it', async () => {
    const { body } = await sg.query(anonymous, 'query($u: ID!) { enterprise(uscc: $u) { uscc } }', { u: ` ${ACME.toLowerCase()} ` });
    expect(body).toEqual({ data: { enterprise: { uscc: ACME } } });
  });

  it('returns null without an error for a valid code with no record', async () => {
    const { body } = await sg.query(anonymous, 'query($u: ID!) { enterprise(uscc: $u) { uscc } }', { u: NO_RECORD });
    expect(body).toEqual({ data: { enterprise: null } });
  });

  it('refuses a malformed code with BAD_USER_INPUT reason USCC_FORMAT', async () => {
    const { body } = await sg.query(anonymous, 'query($u: ID!) { enterprise(uscc: $u) { uscc } }', { u: '91440300MA5ESSSSS' });
    expect(body.data).toEqual({ enterprise: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({ path: ['enterprise'], extensions: { code: 'BAD_USER_INPUT', reason: 'USCC_FORMAT' } });
  });

  it('answers a code failing only its check digit when a historical record exists under exactly that code', async () => {
    const { body } = await sg.query(anonymous, 'query($u: ID!) { enterprise(uscc: $u) { uscc name } }', { u: LEGACY.toLowerCase() });
    expect(body).toEqual({ data: { enterprise: { uscc: LEGACY, name: '福建早期试点企业' } } });
  });

  it('refuses a code failing its check digit with no record under it: USCC_CHECK_DIGIT', async () => {
    const typo = ACME.slice(0, 17) + (ACME[17] === '0' ? '1' : '0');
    const { body } = await sg.query(anonymous, 'query($u: ID!) { enterprise(uscc: $u) { uscc } }', { u: typo });
    expect(body.data).toEqual({ enterprise: null });
    expect(body.errors![0]).toMatchObject({ path: ['enterprise'], extensions: { code: 'BAD_USER_INPUT', reason: 'USCC_CHECK_DIGIT' } });
  });

  it('returns a null legal representative when none is recorded', async () => {
    const { body } = await sg.query(anonymous, 'query($u: ID!) { enterprise(uscc: $u) { legalRepresentative { id } } }', { u: LEGACY });
    expect(body).toEqual({ data: { enterprise: { legalRepresentative: null } } });
  });
});

describe('first on record lists', () => {
  it('cuts a list to first, newest decision first and undated last', async () => {
    const { body } = await sg.query(anonymous, 'query($u: ID!) { enterprise(uscc: $u) { a: licenses(first: 2) { id } b: licenses { id } } }', { u: ACME });
    expect(body).toEqual({ data: { enterprise: {
      a: [{ id: 'acme-lic-2' }, { id: 'acme-lic' }],
      b: [{ id: 'acme-lic-2' }, { id: 'acme-lic' }, { id: 'acme-lic-3' }],
    } } });
  });

  it('caps first at 100 instead of refusing it', async () => {
    const { body } = await sg.query(anonymous, 'query($u: ID!) { enterprise(uscc: $u) { licenses(first: 1000) { id } } }', { u: ACME });
    expect(body).toEqual({ data: { enterprise: { licenses: [{ id: 'acme-lic-2' }, { id: 'acme-lic' }, { id: 'acme-lic-3' }] } } });
  });

  it('refuses a negative first with BAD_USER_INPUT reason FIRST_NEGATIVE', async () => {
    const { body } = await sg.query(anonymous, 'query($u: ID!) { enterprise(uscc: $u) { licenses(first: -1) { id } } }', { u: ACME });
    expect(body.errors![0]).toMatchObject({ path: ['enterprise', 'licenses'], extensions: { code: 'BAD_USER_INPUT', reason: 'FIRST_NEGATIVE' } });
  });
});

describe('federation', () => {
  it('resolves Enterprise representations in order, null for an unknown code', async () => {
    const { body } = await sg.query(anonymous, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { uscc name } } }`, {
      r: [{ __typename: 'Enterprise', uscc: LEGACY }, { __typename: 'Enterprise', uscc: NO_RECORD }, { __typename: 'Enterprise', uscc: ACME }],
    });
    expect(body).toEqual({ data: { _entities: [
      { uscc: LEGACY, name: '福建早期试点企业' }, null, { uscc: ACME, name: '深圳市示例科技有限公司' },
    ] } });
  });

  it('publishes its SDL through _service', async () => {
    const { body } = await sg.query(anonymous, '{ _service { sdl } }');
    expect((body.data as { _service: { sdl: string } })._service.sdl).toMatch(/type Enterprise\s+@key\(fields: "uscc"\)/);
  });
});

describe('the service', () => {
  it('refuses an unsigned request with 401 UNAUTHENTICATED', async () => {
    const res = await fetch(sg.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ enterprise(uscc: "x") { uscc } }' }) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ data: null, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('answers /healthz and /readyz', async () => {
    const base = sg.url.replace(/\/graphql$/, '');
    const health = await fetch(`${base}/healthz`);
    const ready = await fetch(`${base}/readyz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok', service: 'enterprise' }]);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', service: 'enterprise' }]);
  });
});
